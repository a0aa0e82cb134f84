package net.landht;
public final class Main { public static void main(String[] a) {} }

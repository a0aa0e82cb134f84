package net.landht.it.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks UDP ports that are free in both IPv4 and IPv6 (dhtnode binds both wildcards), below Linux's
 * ephemeral range (32768+) so that client sockets of other processes do not take them meanwhile, and never the same
 * port twice in one JVM.
 */
public final class FreePorts {

    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private static final int TRIES = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int udp() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!HANDED_OUT.contains(port) && free(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP port found in " + LOW + ".." + HIGH + " after " + TRIES + " tries");
    }

    /** A TCP port free on 127.0.0.1, from the same range, never handed out before in this JVM. */
    public static int tcp() {
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!HANDED_OUT.contains(port) && freeTcp(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port found in " + LOW + ".." + HIGH + " after " + TRIES + " tries");
    }

    private static boolean freeTcp(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** Java's IPv6 sockets are dual-stack, so one bind on [::] fails if the port is taken in either family. */
    private static boolean free(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::"), port))) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}

package net.landht.testing;

/** Tests only: byte-array search in files and datagrams. */
public final class Bytes {
    private Bytes() {
    }

    /**
     * Index of the first occurrence of {@code needle} in {@code haystack}.
     *
     * @throws AssertionError naming {@code what} when it does not occur
     */
    public static int indexOf(byte[] haystack, byte[] needle, String what) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(what + " not found");
    }
}

package net.landht.storage;

import java.net.InetAddress;

import net.landht.id.InfoHash;
import net.landht.value.Value;

/**
 * One stored value as persistence sees it; immutable, so a snapshot can be written on another thread.
 *
 * @param key             the key it is stored under
 * @param value           the value (its exact packed bytes)
 * @param expiresAtMillis when it expires, epoch milliseconds
 * @param source          the address it was put from (for an IPv6 source, the first address seen in its /64), or
 *                        null when unknown
 */
public record StoredEntry(InfoHash key, Value value, long expiresAtMillis, InetAddress source) {
}

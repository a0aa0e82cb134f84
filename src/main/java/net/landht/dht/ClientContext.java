package net.landht.dht;

import java.util.random.RandomGenerator;

import net.landht.net.Scheduler;

/**
 * What landht's client operations run with: the node (requests, routing tables), its storage, the loop's scheduler,
 * randomness and the client counters. Event loop only, except {@link #counters()}.
 */
record ClientContext(DhtNode node, StorageService storage, Scheduler scheduler, RandomGenerator random,
                     ClientCounters counters) {
}

package net.landht.dht;

import java.util.random.RandomGenerator;

import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Gives a value put with id 0 a random non-zero id, as OpenDHT's put does (src/dht.cpp {@code Dht::put}: "if
 * (val->id == Value::INVALID_ID) val->id = rand_id(rdev)"). The id lies outside what an owner signs, so the value is
 * re-packed around the exact bytes it came with: the body and signature of a signed value, the cypher of an
 * encrypted one (both still verify); a plain value's body likewise. Only {@code p} (priority) and {@code pt} (push
 * type) are not carried over.
 */
final class ValueIds {
    private ValueIds() {
    }

    static Value withRandomId(Value v, RandomGenerator random) {
        long id;
        do {
            id = random.nextLong();
        } while (id == Value.INVALID_ID);
        if (v.isEncrypted()) {
            return ValuePacker.encrypted(id, v.cypher());
        }
        return ValuePacker.signed(id, v.signedBody(), v.hasOwner() ? v.signature() : null);
    }
}

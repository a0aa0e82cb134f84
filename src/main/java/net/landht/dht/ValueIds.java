package net.landht.dht;

import java.util.random.RandomGenerator;

import net.landht.value.Value;
import net.landht.value.ValuePacker;

/**
 * Gives a value put with id 0 a random non-zero id, as OpenDHT's put does (src/dht.cpp {@code Dht::put}: "if
 * (val->id == Value::INVALID_ID) val->id = rand_id(rdev)"). The id lies outside what an owner signs, so the value is
 * re-packed around the exact bytes it came with: the body and signature of a signed value, the cypher of an
 * encrypted one (both still verify); a plain value's body likewise; and its {@code p} (priority) and {@code pt}
 * (push type), so that what is stored is what the proxy answers.
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
            return ValuePacker.pack(id, null, null, v.cypher(), v.priority(), v.pushType());
        }
        return ValuePacker.pack(id, v.signedBody(), v.hasOwner() ? v.signature() : null, null, v.priority(),
                v.pushType());
    }
}

package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ValueFuzzTest {
    private static final List<byte[]> SEEDS = VectorValues.load("put.json", "put_signed.json").stream()
            .map(VectorValues.Sample::packed).toList();

    @Property(tries = 2000)
    void parseNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 2048) byte[] bytes) {
        assertThat(Value.parse(bytes)).isNotNull();
    }

    @Property(tries = 2000)
    void parseNeverThrowsOnMutatedValues(@ForAll("mutated") byte[] bytes) {
        ParseResult r = Value.parse(bytes);
        assertThat(r).isNotNull();
        if (r instanceof ParseResult.Ok ok) {
            Value v = ok.value();
            // Every accessor must be safe on whatever parsed.
            assertThat(v.size()).isNotNegative();
            v.data();
            v.owner();
            v.signature();
            v.keyId();
            v.signatureValid();
            v.userType();
            for (Field f : Field.values()) {
                v.fieldValue(f);
            }
            EditPolicy.defaults().store(net.landht.id.InfoHash.ZERO, v, null);
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.of(SEEDS).flatMap(seed -> Arbitraries.integers().between(0, seed.length - 1).list()
                .ofMinSize(1).ofMaxSize(4).flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                        .map(values -> {
                            byte[] b = seed.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                b[positions.get(i)] = values.get(i);
                            }
                            return b;
                        })));
    }
}

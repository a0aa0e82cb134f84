package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class QueryMatchTest {
    private final Value plain = ValuePacker.plain(5, 3, new byte[] {1}, "text/plain");
    private final Value signed = TestSigner.ALICE.value(6, 9, 0, new byte[] {2});

    private static Query where(Query.Where... w) {
        return new Query(List.of(), List.of(w));
    }

    @Test
    void emptyWhereMatchesEverything() {
        assertThat(Query.ALL.matches(plain)).isTrue();
        assertThat(Query.ALL.matches(signed)).isTrue();
    }

    @Test
    void idAndTypeConditions() {
        assertThat(where(new Query.Where(Field.ID, 5, null)).matches(plain)).isTrue();
        assertThat(where(new Query.Where(Field.ID, 6, null)).matches(plain)).isFalse();
        assertThat(where(new Query.Where(Field.VALUE_TYPE, 3, null)).matches(plain)).isTrue();
        assertThat(where(new Query.Where(Field.VALUE_TYPE, 3 + 65_536, null)).matches(plain)).isTrue();
        assertThat(where(new Query.Where(Field.ID, 5, null), new Query.Where(Field.VALUE_TYPE, 0, null))
                .matches(plain)).isFalse();
    }

    @Test
    void ownerConditionComparesTheKeyId() {
        Query byAlice = where(new Query.Where(Field.OWNER_PK, 0, TestSigner.ALICE.keyId().toBytes()));
        assertThat(byAlice.matches(signed)).isTrue();
        assertThat(byAlice.matches(plain)).isFalse();
        assertThat(where(new Query.Where(Field.OWNER_PK, 0, TestSigner.BOB.keyId().toBytes())).matches(signed))
                .isFalse();
    }

    @Test
    void seqAndUserTypeConditions() {
        assertThat(where(new Query.Where(Field.SEQ_NUM, 9, null)).matches(signed)).isTrue();
        assertThat(where(new Query.Where(Field.SEQ_NUM, 0, null)).matches(plain)).isTrue();
        assertThat(where(new Query.Where(Field.USER_TYPE, 0, "text/plain".getBytes(StandardCharsets.UTF_8)))
                .matches(plain)).isTrue();
        assertThat(where(new Query.Where(Field.USER_TYPE, 0, new byte[0])).matches(signed)).isTrue();
        assertThat(where(new Query.Where(Field.USER_TYPE, 0, null)).matches(plain)).isFalse();
    }

    @Test
    void selectIsSortedAndDistinct() {
        Query q = new Query(List.of(Field.SEQ_NUM, Field.ID, Field.SEQ_NUM), List.of());
        assertThat(q.sortedSelect()).containsExactly(Field.ID, Field.SEQ_NUM);
    }

    @Test
    void unsignedOwnerFieldIsTwentyZeroBytes() {
        assertThat((byte[]) plain.fieldValue(Field.OWNER_PK)).isEqualTo(new byte[20]);
        assertThat((byte[]) signed.fieldValue(Field.OWNER_PK)).isEqualTo(TestSigner.ALICE.spki());
        assertThat(plain.fieldValue(Field.USER_TYPE)).isEqualTo("text/plain");
        assertThat(signed.fieldValue(Field.SEQ_NUM)).isEqualTo(9L);
    }
}

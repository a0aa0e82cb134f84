package net.landht.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Query;
import net.landht.value.TestSigner;
import net.landht.value.Value;

/** De-duplication of what a get and a listen report. */
class ValueMergeTest {
    private static final InfoHash NODE_A = InfoHash.fromHex("0100000000000000000000000000000000000000");
    private static final InfoHash NODE_B = InfoHash.fromHex("0200000000000000000000000000000000000000");
    private final ClientCounters counters = new ClientCounters();

    private static Value signed(int seq, String data) {
        return TestSigner.ALICE.value(5, seq, 0, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGetReportsAnIdOnceAndAgainOnlyWithAHigherSeq() {
        ValueMerge merge = new ValueMerge(Query.ALL, counters);

        assertThat(merge.fresh(List.of(signed(2, "two")))).hasSize(1);
        assertThat(merge.fresh(List.of(signed(2, "two")))).isEmpty();
        assertThat(merge.fresh(List.of(signed(1, "one")))).isEmpty();
        assertThat(merge.fresh(List.of(signed(3, "three")))).extracting(Value::seq).containsExactly(3);
    }

    @Test
    void aListenReportsAValueOnceWhateverTheNumberOfHolders() {
        ListenValues values = new ListenValues(counters);

        assertThat(values.held(NODE_A, List.of(signed(1, "v")))).hasSize(1);
        assertThat(values.held(NODE_B, List.of(signed(1, "v")))).isEmpty();
        assertThat(values.held(NODE_B, List.of(signed(2, "edited")))).extracting(Value::seq).containsExactly(2);
    }

    @Test
    void aListenReportsExpiryOnlyWhenTheLastHolderLosesTheValue() {
        ListenValues values = new ListenValues(counters);
        values.held(NODE_A, List.of(signed(1, "v")));
        values.held(NODE_B, List.of(signed(1, "v")));

        assertThat(values.gone(NODE_A, new long[] {5})).isEmpty();
        assertThat(values.gone(NODE_A, new long[] {5})).isEmpty();
        assertThat(values.gone(NODE_B, new long[] {5})).extracting(Value::id).containsExactly(5L);
        assertThat(values.size()).isZero();
    }

    @Test
    void aForgedEditDoesNotHideTheValue() {
        ListenValues values = new ListenValues(counters);
        values.held(NODE_A, List.of(signed(1, "v")));
        Value forged = TestSigner.ALICE.forged(5, 9, 0, "forged".getBytes(StandardCharsets.UTF_8), TestSigner.BOB);

        assertThat(values.held(NODE_B, List.of(forged))).isEmpty();
        assertThat(values.held(NODE_B, List.of(signed(2, "real edit")))).extracting(Value::seq).containsExactly(2);
        assertThat(counters.events(ClientCounters.Event.VALUE_BAD_SIGNATURE)).isEqualTo(1);
    }

    @Test
    void aListenTracksAtMostItsBoundOfIdsAndCountsTheRest() {
        ListenValues values = new ListenValues(counters);
        for (int i = 1; i <= ListenValues.MAX_VALUES + 1; i++) {
            values.held(NODE_A, List.of(net.landht.value.ValuePacker.plain(i, 0, new byte[1], null)));
        }

        assertThat(values.size()).isEqualTo(ListenValues.MAX_VALUES);
        assertThat(counters.events(ClientCounters.Event.LISTEN_VALUES_OVERFLOW)).isEqualTo(1);
    }
}

package net.landht.storage;

import static net.landht.storage.StorageFixture.DEFAULTS;
import static net.landht.storage.StorageFixture.ip;
import static net.landht.storage.StorageFixture.key;
import static net.landht.storage.StorageFixture.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.landht.id.InfoHash;
import net.landht.value.Field;
import net.landht.value.Query;
import net.landht.value.Refusal;
import net.landht.value.TestSigner;
import net.landht.value.Value;
import net.landht.value.ValuePacker;
import net.landht.value.VectorValues;

class StoragePutTest {
    private static final InfoHash K = key("k");
    private static final InetAddress SRC = ip("192.168.1.10");
    private static final TestSigner A = TestSigner.ALICE;
    private static final TestSigner B = TestSigner.BOB;

    private final FakeClock clock = new FakeClock();
    private final Storage storage = new Storage(DEFAULTS, clock, StorageEvents.NONE);

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void capturedValuesAreStoredAndServedByteIdentical() {
        List<VectorValues.Sample> samples = VectorValues.load("put.json", "put_signed.json", "get.json");
        InfoHash certKey = InfoHash.fromHex("b325583891cd32613ee607491e8e18938dabb22b");
        int i = 0;
        for (VectorValues.Sample s : samples) {
            Value v = Value.parse(s.packed()).valueOrNull();
            InfoHash k = v.type() == 8 ? certKey : key("vector" + i++);
            PutOutcome o = storage.put(k, v, SRC, -1);
            assertThat(o.stored()).as(s.toString()).isTrue();
            assertThat(storage.get(k, Query.ALL)).anySatisfy(
                    served -> assertThat(served.packed()).isEqualTo(s.packed()));
        }
    }

    @Test
    void newValuesAreServedInArrivalOrder() {
        storage.put(K, plain(3, "c"), SRC, -1);
        storage.put(K, plain(1, "a"), SRC, -1);
        storage.put(K, plain(2, "b"), SRC, -1);

        assertThat(storage.get(K, Query.ALL)).extracting(Value::id).containsExactly(3L, 1L, 2L);
        assertThat(storage.get(key("other"), Query.ALL)).isEmpty();
    }

    @Test
    void identicalPutIsARefresh() {
        assertThat(storage.put(K, plain(1, "a"), SRC, -1)).isEqualTo(PutOutcome.STORED_NEW);
        assertThat(storage.put(K, plain(1, "a"), ip("10.0.0.9"), -1)).isEqualTo(PutOutcome.REFRESHED);
        assertThat(storage.counters().refreshedByPut()).isEqualTo(1);
        assertThat(storage.valueCount()).isEqualTo(1);
    }

    @Test
    void signedValueFromAnotherOwnerIsRefusedAndTheOriginalStaysServed() {
        Value original = A.value(7, 1, 0, b("alice"));
        storage.put(K, original, SRC, -1);

        PutOutcome o = storage.put(K, B.value(7, 9, 0, b("bob")), SRC, -1);

        assertThat(o).isEqualTo(PutOutcome.refused(Refusal.NOT_OWNER));
        assertThat(storage.get(K, Query.ALL)).containsExactly(original);
        assertThat(storage.counters().refused(Refusal.NOT_OWNER)).isEqualTo(1);
    }

    @Test
    void lowerSeqFromTheOwnerIsRefused() {
        Value original = A.value(7, 5, 0, b("v5"));
        storage.put(K, original, SRC, -1);

        assertThat(storage.put(K, A.value(7, 4, 0, b("v4")), SRC, -1))
                .isEqualTo(PutOutcome.refused(Refusal.SEQ_NOT_INCREASING));
        assertThat(storage.get(K, Query.ALL)).containsExactly(original);
    }

    @Test
    void unsignedValueWithASignedValuesIdIsRefused() {
        Value original = A.value(7, 0, 0, b("alice"));
        storage.put(K, original, SRC, -1);

        assertThat(storage.put(K, ValuePacker.plain(7, 0, b("evil"), null), SRC, -1))
                .isEqualTo(PutOutcome.refused(Refusal.NOT_OWNER));
        assertThat(storage.get(K, Query.ALL)).containsExactly(original);
    }

    @Test
    void higherSeqFromTheOwnerReplacesInPlace() {
        storage.put(K, plain(1, "first"), SRC, -1);
        storage.put(K, A.value(7, 0, 0, b("v0")), SRC, -1);
        storage.put(K, plain(2, "last"), SRC, -1);
        Value v1 = A.value(7, 1, 0, b("v1"));

        assertThat(storage.put(K, v1, SRC, -1)).isEqualTo(PutOutcome.STORED_EDIT);
        assertThat(storage.get(K, Query.ALL)).extracting(Value::id).containsExactly(1L, 7L, 2L);
        assertThat(storage.get(K, Query.ALL).get(1)).isEqualTo(v1);
        assertThat(storage.counters().edited()).isEqualTo(1);
    }

    @Test
    void unsignedValueCannotBeEdited() {
        storage.put(K, plain(1, "a"), SRC, -1);

        assertThat(storage.put(K, plain(1, "b"), SRC, -1)).isEqualTo(PutOutcome.refused(Refusal.UNSIGNED_EDIT));
        assertThat(storage.get(K, Query.ALL)).extracting(v -> new String(v.data())).containsExactly("a");
    }

    @Test
    void valueIdZeroIsRefused() {
        assertThat(storage.put(K, plain(0, "a"), SRC, -1)).isEqualTo(PutOutcome.refused(Refusal.INVALID_ID));
        assertThat(storage.keyCount()).isZero();
    }

    @Test
    void badSignatureIsRefusedAndCounted() {
        assertThat(storage.put(K, A.forged(1, 0, 0, b("x"), B), SRC, -1))
                .isEqualTo(PutOutcome.refused(Refusal.BAD_SIGNATURE));
        assertThat(storage.counters().refused(Refusal.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(storage.keyCount()).isZero();
    }

    @Test
    void whereFiltersTheValuesServed() {
        storage.put(K, plain(1, 0, 3), SRC, -1);
        storage.put(K, plain(2, 3, 3), SRC, -1);

        Query byId = new Query(List.of(), List.of(new Query.Where(Field.ID, 2, null)));
        assertThat(storage.get(K, byId)).extracting(Value::id).containsExactly(2L);
    }

    @Test
    void fieldsReplyListsIdsAndSeqsSorted() {
        storage.put(K, plain(1, "a"), SRC, -1);
        storage.put(K, A.value(7, 4, 0, b("s")), SRC, -1);

        SelectedFields f = storage.fields(K, new Query(List.of(Field.SEQ_NUM, Field.ID), List.of()));

        assertThat(f.fields()).containsExactly(Field.ID, Field.SEQ_NUM);
        assertThat(f.values()).containsExactly(1L, 0L, 7L, 4L);
        assertThat(f.valueCount()).isEqualTo(2);
    }

    @Test
    void fieldsReplyCarriesOwnerKeysAndUserTypes() {
        storage.put(K, ValuePacker.plain(1, 0, b("a"), "text/plain"), SRC, -1);
        storage.put(K, A.value(7, 4, 0, b("s")), SRC, -1);

        SelectedFields f = storage.fields(K, new Query(List.of(Field.USER_TYPE, Field.OWNER_PK), List.of()));

        assertThat(f.fields()).containsExactly(Field.OWNER_PK, Field.USER_TYPE);
        assertThat((byte[]) f.values().get(0)).isEqualTo(new byte[20]);
        assertThat(f.values().get(1)).isEqualTo("text/plain");
        assertThat((byte[]) f.values().get(2)).isEqualTo(A.spki());
        assertThat(f.values().get(3)).isEqualTo("");
    }

    @Test
    void serviceAnnouncementIsStoredWithTheSendersAddress() {
        byte[] sockaddr = new byte[16];
        sockaddr[0] = 2;
        sockaddr[3] = 80;
        byte[] data = new byte[18];
        data[0] = (byte) 0xc4;
        data[1] = 16;
        System.arraycopy(sockaddr, 0, data, 2, 16);

        assertThat(storage.put(K, ValuePacker.plain(5, 2, data, null), SRC, -1)).isEqualTo(PutOutcome.STORED_NEW);

        byte[] stored = storage.get(K, Query.ALL).get(0).data();
        assertThat(java.util.Arrays.copyOfRange(stored, 6, 10)).isEqualTo(SRC.getAddress());
    }
}

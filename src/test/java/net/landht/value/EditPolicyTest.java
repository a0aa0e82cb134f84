package net.landht.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import net.landht.id.InfoHash;

class EditPolicyTest {
    private static final InfoHash KEY = InfoHash.sha1Of("k".getBytes(StandardCharsets.UTF_8));
    private static final TestSigner A = TestSigner.ALICE;
    private static final TestSigner B = TestSigner.BOB;
    private final EditPolicy policy = EditPolicy.defaults();

    private static PolicyDecision refused(Refusal r) {
        return new PolicyDecision.Refuse(r);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validSignedValueIsStored() {
        Value v = A.value(1, 0, 0, bytes("a"));
        assertThat(policy.store(KEY, v, null)).isEqualTo(new PolicyDecision.Accept(v));
    }

    @Test
    void signedValueWithBadSignatureIsRefused() {
        assertThat(policy.store(KEY, A.forged(1, 0, 0, bytes("a"), B), null)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void signedValueWithUnreadableOwnerIsRefused() {
        byte[] body = ValuePacker.signedBody(0, new byte[] {1, 2, 3}, null, 0, bytes("a"), null);
        Value v = ValuePacker.signed(1, body, new byte[] {4});
        assertThat(policy.store(KEY, v, null)).isEqualTo(refused(Refusal.BAD_OWNER_KEY));
    }

    @Test
    void sameIdFromAnotherOwnerIsRefused() {
        Value stored = A.value(1, 0, 0, bytes("a"));
        assertThat(policy.edit(KEY, stored, B.value(1, 5, 0, bytes("b")))).isEqualTo(refused(Refusal.NOT_OWNER));
    }

    @Test
    void lowerSeqFromTheOwnerIsRefused() {
        Value stored = A.value(1, 4, 0, bytes("a"));
        assertThat(policy.edit(KEY, stored, A.value(1, 3, 0, bytes("b"))))
                .isEqualTo(refused(Refusal.SEQ_NOT_INCREASING));
    }

    @Test
    void sameSeqWithOtherContentIsRefused() {
        Value stored = A.value(1, 4, 0, bytes("a"));
        assertThat(policy.edit(KEY, stored, A.value(1, 4, 0, bytes("b"))))
                .isEqualTo(refused(Refusal.SEQ_NOT_INCREASING));
    }

    @Test
    void sameSeqWithIdenticalSignedBytesIsAllowed() {
        Value stored = A.value(1, 4, 0, bytes("a"));
        byte[] body = stored.signedBody();
        Value resigned = ValuePacker.signed(1, body, A.sign(body)); // PKCS#1 v1.5 is deterministic: same bytes
        Value reannounced = Value.parse(withPushType(resigned)).valueOrNull();

        assertThat(policy.edit(KEY, stored, reannounced)).isInstanceOf(PolicyDecision.Accept.class);
    }

    @Test
    void unsignedValueCannotReplaceASignedOne() {
        Value stored = A.value(1, 0, 0, bytes("a"));
        assertThat(policy.edit(KEY, stored, ValuePacker.plain(1, 0, bytes("b"), null)))
                .isEqualTo(refused(Refusal.NOT_OWNER));
    }

    @Test
    void higherSeqFromTheOwnerReplaces() {
        Value stored = A.value(1, 0, 0, bytes("a"));
        Value next = A.value(1, 1, 0, bytes("b"));
        assertThat(policy.edit(KEY, stored, next)).isEqualTo(new PolicyDecision.Accept(next));
    }

    @Test
    void higherSeqWithBadSignatureIsRefused() {
        Value stored = A.value(1, 0, 0, bytes("a"));
        assertThat(policy.edit(KEY, stored, A.forged(1, 1, 0, bytes("b"), B))).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void unsignedValueCannotBeEdited() {
        Value stored = ValuePacker.plain(1, 0, bytes("a"), null);
        assertThat(policy.edit(KEY, stored, ValuePacker.plain(1, 0, bytes("b"), null)))
                .isEqualTo(refused(Refusal.UNSIGNED_EDIT));
        assertThat(policy.edit(KEY, stored, A.value(1, 1, 0, bytes("b")))).isEqualTo(refused(Refusal.UNSIGNED_EDIT));
    }

    @Test
    void unregisteredTypeIsStoredWithoutSignatureCheckAndNeverEdited() {
        Value forged = A.forged(1, 0, 9, bytes("profile"), B);
        assertThat(policy.store(KEY, forged, null)).isInstanceOf(PolicyDecision.Accept.class);
        assertThat(policy.edit(KEY, forged, A.value(1, 1, 9, bytes("x")))).isEqualTo(refused(Refusal.EDIT_FORBIDDEN));
    }

    @Test
    void unsignedValueAboveTheSizeLimitIsRefused() {
        EditPolicy small = new EditPolicy(10);
        assertThat(small.store(KEY, ValuePacker.plain(1, 0, new byte[11], null), null))
                .isEqualTo(refused(Refusal.TOO_LARGE));
        assertThat(small.store(KEY, ValuePacker.plain(1, 0, new byte[10], null), null))
                .isInstanceOf(PolicyDecision.Accept.class);
    }

    @Test
    void dhtMessageWithEmptyServiceIsRefused() throws Exception {
        assertThat(policy.store(KEY, ValuePacker.plain(1, 1, dhtMessage(""), null), null))
                .isEqualTo(refused(Refusal.EMPTY_SERVICE));
        assertThat(policy.store(KEY, ValuePacker.plain(1, 1, dhtMessage("svc"), null), null))
                .isInstanceOf(PolicyDecision.Accept.class);
        assertThat(policy.store(KEY, ValuePacker.plain(1, 1, bytes("not msgpack \u00c1"), null), null))
                .isInstanceOf(PolicyDecision.Accept.class);
    }

    @Test
    void serviceAnnouncementIsRewrittenWithTheSendersAddress() throws Exception {
        byte[] sockaddr = new byte[16];
        sockaddr[0] = 2;
        sockaddr[2] = 0x1f;
        sockaddr[3] = (byte) 0x90; // port 8080
        sockaddr[4] = 10; // 10.0.0.1: what the sender claims, replaced by where it sent from
        Value v = ValuePacker.plain(77, 2, bin(sockaddr), null);

        PolicyDecision d = policy.store(KEY, v, InetAddress.getByName("192.168.1.20"));

        assertThat(d).isInstanceOf(PolicyDecision.Accept.class);
        Value stored = ((PolicyDecision.Accept) d).value();
        byte[] expected = new byte[16];
        expected[0] = 2;
        expected[2] = 0x1f;
        expected[3] = (byte) 0x90;
        expected[4] = (byte) 192;
        expected[5] = (byte) 168;
        expected[6] = 1;
        expected[7] = 20;
        assertThat(stored.id()).isEqualTo(77);
        assertThat(stored.data()).isEqualTo(bin(expected));
        assertThat(policy.edit(KEY, stored, v)).isEqualTo(refused(Refusal.EDIT_FORBIDDEN));
    }

    @Test
    void serviceAnnouncementWithPortZeroIsRefused() throws Exception {
        byte[] sockaddr = new byte[16];
        sockaddr[0] = 2;
        assertThat(policy.store(KEY, ValuePacker.plain(1, 2, bin(sockaddr), null), InetAddress.getByName("::1")))
                .isEqualTo(refused(Refusal.BAD_SERVICE_ANNOUNCEMENT));
        assertThat(policy.store(KEY, ValuePacker.plain(1, 2, bytes("x"), null), InetAddress.getByName("::1")))
                .isEqualTo(refused(Refusal.BAD_SERVICE_ANNOUNCEMENT));
    }

    @Test
    void certificateThatIsNotACertificateIsRefused() {
        assertThat(policy.store(KEY, ValuePacker.plain(1, 8, bytes("-----BEGIN CERTIFICATE-----\nAAAA\n"
                + "-----END CERTIFICATE-----"), null), null)).isEqualTo(refused(Refusal.BAD_CERTIFICATE));
    }

    private static byte[] dhtMessage(String service) throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2);
            p.packString(service);
            p.packBinaryHeader(1);
            p.writePayload(new byte[] {1});
            return p.toByteArray();
        }
    }

    private static byte[] bin(byte[] b) throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
            return p.toByteArray();
        }
    }

    /** The same value with a {@code pt} key added: content-equal, different packed bytes. */
    private static byte[] withPushType(Value v) {
        byte[] packed = v.packed();
        byte[] extra = {(byte) 0xa2, 'p', 't', (byte) 0xa1, 'x'};
        byte[] out = new byte[packed.length + extra.length];
        System.arraycopy(packed, 0, out, 0, packed.length);
        System.arraycopy(extra, 0, out, packed.length, extra.length);
        out[0] = (byte) 0x83; // map of 3
        return out;
    }
}

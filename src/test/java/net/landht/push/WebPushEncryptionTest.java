package net.landht.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** RFC 8291 encryption against the RFC's Appendix A example and a receiver written apart from the sender. */
class WebPushEncryptionTest {
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    // RFC 8291, Appendix A
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String MESSAGE = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll"
            + "6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexS"
            + "gSxsj_Qulcy4a-fN";

    private static final WebPushEncryption.ReceiverKeys UA =
            new WebPushEncryption.ReceiverKeys(B64URL.decode(UA_PUBLIC), B64URL.decode(AUTH));

    @Test
    void givenTheAppendixSaltAndSenderKeyTheOutputIsTheAppendixMessageByteForByte() {
        byte[] out = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.US_ASCII), UA,
                B64URL.decode(SALT), B64URL.decode(AS_PRIVATE));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(out)).isEqualTo(MESSAGE);
    }

    @Test
    void theAppendixReceiverDecryptsTheAppendixMessage() {
        WebPushReceiver ua = new WebPushReceiver(B64URL.decode(UA_PRIVATE), B64URL.decode(AUTH));
        assertThat(ua.publicKey()).isEqualTo(B64URL.decode(UA_PUBLIC));
        assertThat(new String(ua.decrypt(B64URL.decode(MESSAGE)), StandardCharsets.US_ASCII)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aRealMessageDecryptsWithTheReceiversPrivateKeyAndCarriesAFreshSaltAndSenderKey() {
        WebPushReceiver ua = WebPushReceiver.random();
        WebPushEncryption enc = new WebPushEncryption(new SecureRandom());
        WebPushEncryption.ReceiverKeys keys = new WebPushEncryption.ReceiverKeys(ua.publicKey(), ua.auth());
        byte[] plain = "{\"key\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        byte[] a = enc.encrypt(plain, keys);
        byte[] b = enc.encrypt(plain, keys);
        assertThat(ua.decrypt(a)).isEqualTo(plain);
        assertThat(ua.decrypt(b)).isEqualTo(plain);
        WebPushReceiver.Header ha = WebPushReceiver.header(a);
        WebPushReceiver.Header hb = WebPushReceiver.header(b);
        assertThat(ha.recordSize()).isEqualTo(4096);
        assertThat(ha.keyId()).hasSize(65);
        assertThat(ha.salt()).isNotEqualTo(hb.salt());
        assertThat(ha.keyId()).isNotEqualTo(hb.keyId());
    }

    @Test
    void aTopicInStandardBase64ReadsLikeOneInBase64Url() {
        Base64.Encoder std = Base64.getEncoder();
        String topic = std.encodeToString(B64URL.decode(UA_PUBLIC)) + "|" + std.encodeToString(B64URL.decode(AUTH));
        WebPushEncryption.ReceiverKeys k = WebPushEncryption.ReceiverKeys.fromTopic(topic);
        assertThat(k.p256dh()).isEqualTo(UA.p256dh());
        assertThat(k.auth()).isEqualTo(UA.auth());
        assertThat(WebPushEncryption.ReceiverKeys.fromTopic(UA_PUBLIC + "|" + AUTH).p256dh()).isEqualTo(UA.p256dh());
    }

    @Test
    void aTopicWithoutBarMeansPlainAndABadKeyIsRefused() {
        assertThat(WebPushEncryption.ReceiverKeys.fromTopic("com.example.app")).isNull();
        assertThatThrownBy(() -> WebPushEncryption.ReceiverKeys.fromTopic("AAAA|" + AUTH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package net.landht.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.landht.value.Signatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registration jamid 13.7 posted (registration-a.json, decoded from 03-post-name-register-200.txt). */
class RegistrationVectorTest {
    private static JsonNode vector;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = RegistrationVectorTest.class.getResourceAsStream(
                "/name-server-vectors/registration-a.json")) {
            vector = new ObjectMapper().readTree(in);
        }
    }

    private static byte[] b64(String field) {
        return Base64.getDecoder().decode(vector.get(field).textValue());
    }

    private static String text(String field) {
        return vector.get(field).textValue();
    }

    @Test
    void publicKeyIsPemWithATrailingNulAndItsBodyIsTheSpkiDer() {
        byte[] pem = b64("publickey_b64");
        assertThat(pem).hasSize(801);
        assertThat(pem[pem.length - 1]).isZero();
        assertThat(Signatures.spkiDer(pem)).isEqualTo(b64("spki_der_b64"));
    }

    @Test
    void sha1OfTheKeysDerIsTheJamiId() {
        byte[] der = Signatures.spkiDer(b64("publickey_b64"));
        assertThat(HexFormat.of().formatHex(Signatures.keyId(der)))
                .isEqualTo(text("jami_id")).isEqualTo(text("sha1_spki_der_hex"));
    }

    @Test
    void signatureVerifiesOverTheLowerCaseNameAscii() {
        byte[] name = text("name").getBytes(StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(name)).isEqualTo(text("signed_bytes_hex"));
        assertThat(b64("signature_b64")).hasSize(512);
        assertThat(Signatures.verify(b64("publickey_b64"), name, b64("signature_b64"))).isTrue();
    }

    @Test
    void signatureDoesNotVerifyOverAnotherName() {
        byte[] other = (text("name") + "x").getBytes(StandardCharsets.US_ASCII);
        assertThat(Signatures.verify(b64("publickey_b64"), other, b64("signature_b64"))).isFalse();
    }

    @Test
    void requestKeepsPublicKeyAndSignatureVerbatimAndTheIdLowerCase() throws Exception {
        String body = "{\"addr\":\"0x" + text("jami_id").toUpperCase() + "\",\"owner\":\"" + text("owner")
                + "\",\"signature\":\"" + text("signature_b64") + "\",\"publickey\":\"" + text("publickey_b64")
                + "\"}";
        RegistrationRequest r = RegistrationRequest.parse(body.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.addr()).isEqualTo(text("jami_id"));
        assertThat(r.owner()).isEqualTo(text("owner"));
        assertThat(r.publicKey()).isEqualTo(text("publickey_b64"));
        assertThat(r.signature()).isEqualTo(text("signature_b64"));
    }
}

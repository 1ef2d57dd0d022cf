package dev.moim.push;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import dev.moim.support.PushServiceStub;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8291 message encryption, byte for byte against the RFC's own example, and read back as a browser would. */
class WebPushEncryptionTest {

    // RFC 8291, Appendix A.
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void reproducesTheRfcExampleByteForByte() {
        KeyPair server = new KeyPair(P256.publicKey(P256.fromBase64Url(AS_PUBLIC)),
                P256.privateKey(P256.fromBase64Url(AS_PRIVATE)));
        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8),
                P256.publicKey(P256.fromBase64Url(UA_PUBLIC)), P256.fromBase64Url(AUTH_SECRET), server,
                P256.fromBase64Url(SALT), 0);

        assertThat(P256.base64Url(body)).isEqualTo(BODY);
    }

    @Test
    void theStubReadsTheRfcExampleBack() {
        byte[] plaintext = PushServiceStub.decrypt(P256.fromBase64Url(BODY), P256.fromBase64Url(UA_PRIVATE),
                P256.fromBase64Url(UA_PUBLIC), P256.fromBase64Url(AUTH_SECRET));

        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    }

    @Test
    void aBrowserReadsWhatWeSendWhateverItsLengthAndPadding() {
        KeyPair browser = P256.generate();
        byte[] uaPublic = P256.encode((ECPublicKey) browser.getPublic());
        byte[] uaPrivate = P256.encode((ECPrivateKey) browser.getPrivate());
        byte[] auth = new byte[16];
        auth[3] = 7;
        for (int length : new int[] {0, 1, 63, 64, 65, 1000, WebPushEncryption.MAX_PLAINTEXT}) {
            byte[] plaintext = Arrays.copyOf("가".repeat(length).getBytes(StandardCharsets.UTF_8), length);
            byte[] body = WebPushEncryption.encrypt(plaintext, (ECPublicKey) browser.getPublic(), auth);

            assertThat(body.length).as("length %d", length).isLessThanOrEqualTo(4096);
            // Padded to a multiple of 64 bytes (or the most one push holds), so the exact length does not show.
            int padded = body.length - WebPushEncryption.HEADER_BYTES - 17;
            assertThat(padded % 64 == 0 || padded == WebPushEncryption.MAX_PLAINTEXT).as("padded %d", padded).isTrue();
            assertThat(PushServiceStub.decrypt(body, uaPrivate, uaPublic, auth)).as("length %d", length).isEqualTo(plaintext);
        }
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT + 1],
                (ECPublicKey) browser.getPublic(), auth)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointsOffTheCurveAreRefused() {
        byte[] point = P256.fromBase64Url(UA_PUBLIC);
        point[64] ^= 1;
        assertThatThrownBy(() -> P256.publicKey(point)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on P-256");
        byte[] compressed = Arrays.copyOf(P256.fromBase64Url(UA_PUBLIC), 33);
        compressed[0] = 0x02;
        assertThatThrownBy(() -> P256.publicKey(compressed)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.moim.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.moim.support.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VAPID keys given by configuration, and the JWT signed with them (RFC 8292). Generated keys: PushContract. */
class VapidKeysTest {

    // A matching pair from RFC 8291's example.
    private static final String PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final Pattern HEADER = Pattern.compile("vapid t=([^.]+)\\.([^.]+)\\.([^,]+), k=(\\S+)");

    @Test
    void aConfiguredPairSignsTokensForTheEndpointsOrigin() throws Exception {
        VapidKeys keys = new VapidKeys(null, PUBLIC, " " + PRIVATE + "\n", "mailto:ops@moim.example");
        assertThat(keys.publicKey()).isEqualTo(PUBLIC);

        Matcher header = HEADER.matcher(keys.authorization(URI.create("https://fcm.googleapis.com/fcm/send/abc:def?x=1")));
        assertThat(header.matches()).isTrue();
        assertThat(header.group(4)).isEqualTo(PUBLIC);
        JsonNode jwtHeader = Json.MAPPER.readTree(P256.fromBase64Url(header.group(1)));
        JsonNode claims = Json.MAPPER.readTree(P256.fromBase64Url(header.group(2)));
        assertThat(jwtHeader.path("alg").asString()).isEqualTo("ES256");
        assertThat(jwtHeader.path("typ").asString()).isEqualTo("JWT");
        assertThat(claims.path("aud").asString()).isEqualTo("https://fcm.googleapis.com");
        assertThat(claims.path("sub").asString()).isEqualTo("mailto:ops@moim.example");
        long now = Instant.now().getEpochSecond();
        assertThat(claims.path("exp").asLong()).isBetween(now + 3600, now + 24 * 3600);

        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(P256.publicKey(P256.fromBase64Url(PUBLIC)));
        es256.update((header.group(1) + "." + header.group(2)).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(P256.fromBase64Url(header.group(3)))).isTrue();
    }

    @Test
    void theAudienceIsTheOriginWithItsPortOnlyWhenItIsNotTheDefault() {
        assertThat(VapidKeys.origin(URI.create("https://Web.Push.Apple.com/QGuQ/abc"))).isEqualTo("https://web.push.apple.com");
        assertThat(VapidKeys.origin(URI.create("https://push.example:443/a"))).isEqualTo("https://push.example");
        assertThat(VapidKeys.origin(URI.create("https://push.example:8443/a"))).isEqualTo("https://push.example:8443");
        assertThat(VapidKeys.origin(URI.create("http://127.0.0.1:5000/push/1"))).isEqualTo("http://127.0.0.1:5000");
    }

    @Test
    void withoutASubjectTheTokenHasNoSub() throws Exception {
        VapidKeys keys = new VapidKeys(null, PUBLIC, PRIVATE, "");
        Matcher header = HEADER.matcher(keys.authorization(URI.create("https://fcm.googleapis.com/fcm/send/1")));
        assertThat(header.matches()).isTrue();
        assertThat(Json.MAPPER.readTree(P256.fromBase64Url(header.group(2))).has("sub")).isFalse();
    }

    @Test
    void aWrongConfigurationStopsTheStart() {
        KeyPair other = P256.generate();
        String otherPrivate = P256.base64Url(P256.encode((ECPrivateKey) other.getPrivate()));
        String otherPublic = P256.base64Url(P256.encode((ECPublicKey) other.getPublic()));

        assertThatThrownBy(() -> new VapidKeys(null, PUBLIC, "", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> new VapidKeys(null, "", PRIVATE, "")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new VapidKeys(null, PUBLIC, otherPrivate, "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> new VapidKeys(null, otherPublic.substring(2), otherPrivate, ""))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new VapidKeys(null, PUBLIC, "not+base64/url", "")).isInstanceOf(IllegalStateException.class);
        for (String subject : new String[] {"ops@moim.example", "http://moim.example", "mailto:nobody", "https://", "x y"}) {
            assertThatThrownBy(() -> new VapidKeys(null, PUBLIC, PRIVATE, subject)).as(subject)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("moim.push.subject");
        }
        assertThat(new VapidKeys(null, otherPublic, otherPrivate, "https://moim.example/contact").publicKey()).isEqualTo(otherPublic);
    }
}

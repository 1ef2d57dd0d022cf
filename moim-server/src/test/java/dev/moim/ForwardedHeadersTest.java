package dev.moim;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api.Response;
import dev.moim.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With no trusted proxy configured (the default), a client cannot escape its per-IP limits with X-Forwarded-For. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.auth.signups-per-ip.count=3")
class ForwardedHeadersTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "forwarded-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        RawHttp http = new RawHttp(port);
        for (int i = 0; i < 3; i++) {
            assertThat(signUp(http, "198.51.100." + i).status()).isEqualTo(201);
        }
        // A fourth "client" is the same socket address, whatever the header claims.
        Response refused = signUp(http, "198.51.100.99");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
    }

    private static Response signUp(RawHttp http, String claimedAddress) {
        String email = "spoof-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return http.postFrom(claimedAddress, "/api/v1/auth/signup", null,
                Map.of("email", email, "password", "correct horse", "nickname", "Spoof"));
    }
}

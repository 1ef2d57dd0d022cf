package dev.moim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A live session does not outlive its access token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.auth.access-token-ttl=2s")
class TokenExpiryTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "expiry-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void aSessionWhoseTokenExpiresGetsAnErrorFrameAndIsClosed() {
        Api api = new Api(port);
        Api.User user = api.newUser("Sora");
        try (StompClient client = StompClient.connect(port, user.accessToken())) {
            client.subscribe("/user/queue/events");
            Frame error = client.await(f -> f.command().equals("ERROR"), Duration.ofSeconds(10));
            assertThat(error.header("message")).isEqualTo("TOKEN_EXPIRED");
            assertThat(error.json().path("code").asString()).isEqualTo("TOKEN_EXPIRED");
            client.awaitClosed();
        }
        // A new session with the expired token is refused at CONNECT.
        try (StompClient late = StompClient.open(port)) {
            Frame refused = late.connectWith(user.accessToken());
            assertThat(refused.command()).isEqualTo("ERROR");
            assertThat(refused.header("message")).isEqualTo("TOKEN_EXPIRED");
        }
    }
}

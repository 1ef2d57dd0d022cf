package dev.moim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password hashing runs on a bounded pool: a flood of sign-ups beyond it is refused with a typed SERVER_BUSY
 * instead of queueing without bound, and requests that hash nothing are served meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.auth.hashing-threads=1",
        "moim.auth.hashing-queue-capacity=1",
        "moim.auth.signups-per-ip.count=100000"})
class PasswordHashingPoolTest {

    private static final int WAVE = 12;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "hashing-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void aSignUpFloodBeyondTheHashingPoolIsRefusedWhileOtherRequestsAreServed() throws Exception {
        Api api = new Api(port);
        Api.User reader = api.newUser("Reader");
        int busy = 0;
        int created = 0;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // One thread and one queue slot: a wave of simultaneous sign-ups cannot all be taken. Waves repeat
            // until a refusal is seen, so the outcome does not depend on how fast this machine is.
            while (busy == 0 && Instant.now().isBefore(deadline)) {
                List<Future<Response>> signups = new ArrayList<>();
                for (int i = 0; i < WAVE; i++) {
                    signups.add(clients.submit(() -> api.post("/api/v1/auth/signup", null, Map.of(
                            "email", "wave-" + UUID.randomUUID() + "@example.com",
                            "password", "correct horse", "nickname", "Wave"))));
                }
                Future<Response> me = clients.submit(() -> api.get("/api/v1/users/me", reader.accessToken()));
                for (Future<Response> signup : signups) {
                    Response response = signup.get();
                    if (response.status() == 201) {
                        created++;
                    } else {
                        assertThat(response.status()).as("refusal %s", response).isEqualTo(503);
                        assertThat(response.code()).isEqualTo("SERVER_BUSY");
                        assertThat(response.contentType()).startsWith("application/problem+json");
                        busy++;
                    }
                }
                assertThat(me.get().status()).isEqualTo(200);
            }
        }
        assertThat(busy).as("sign-ups refused as SERVER_BUSY").isPositive();
        assertThat(created).as("sign-ups the pool took").isPositive();
        // The pool drains: a sign-up on its own goes through again.
        assertThat(api.newUser("After").id()).isPositive();
    }
}

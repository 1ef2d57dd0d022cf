package dev.moim;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.MoimServerProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log-out holds across a restart: the access tokens of a revoked session are refused by the restarted server
 * for the rest of their lives, as they were before it.
 */
class RevocationAfterRestartTest {

    @Test
    void aLoggedOutSessionStaysOutAfterTheServerRestarts() {
        Path data = Path.of("target", "test-data", "revocation-" + UUID.randomUUID()).toAbsolutePath();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // The same signing key after the restart, so that the tokens would otherwise still verify.
        List<String> arguments = List.of("--moim.auth.jwt-secret=" + Base64.getEncoder().encodeToString(key));
        List<String> jvm = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        User alice;
        String otherDevice;
        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, arguments)) {
            Api api = server.api();
            alice = api.newUser("Alice");
            otherDevice = api.post("/api/v1/auth/login", null, Map.of("email", alice.email(), "password", "correct horse"))
                    .body().path("accessToken").asString();
            assertThat(api.post("/api/v1/auth/logout", null, Map.of("refreshToken", alice.refreshToken())).status()).isEqualTo(204);
            assertThat(api.get("/api/v1/users/me", alice.accessToken()).code()).isEqualTo("SESSION_REVOKED");
        }

        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, arguments)) {
            Api api = server.api();
            assertThat(api.get("/api/v1/users/me", alice.accessToken()).code()).isEqualTo("SESSION_REVOKED");
            assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", alice.refreshToken())).code())
                    .isEqualTo("REFRESH_TOKEN_INVALID");
            // The other log-in was never revoked: it goes on.
            assertThat(api.get("/api/v1/users/me", otherDevice).status()).isEqualTo(200);
        }
    }
}

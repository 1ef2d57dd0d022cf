package dev.moim;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import dev.moim.support.TestMailServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With moim.accounts.require-verified-email, an account that has not typed its mailed code can log in, read its own
 * account, verify, log out, refresh and withdraw, and nothing else: every other call is EMAIL_NOT_VERIFIED, and so is
 * a STOMP CONNECT. Once verified, everything is open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.accounts.require-verified-email=true",
        "moim.auth.signups-per-ip.count=10000"})
class RequireVerifiedEmailTest {

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "verified-" + UUID.randomUUID()).toAbsolutePath().toString());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMailServer::port);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static void assertNotVerified(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("EMAIL_NOT_VERIFIED");
    }

    @Test
    void anUnverifiedAccountMayOnlyGetVerifiedThenEverythingOpens() {
        User mia = api.newUser("mia");
        User noah = api.newUser("noah");
        Response me = api.get("/api/v1/users/me", mia.accessToken());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("emailVerified").asBoolean()).isFalse();

        assertNotVerified(api.get("/api/v1/rooms", mia.accessToken()));
        assertNotVerified(api.post("/api/v1/rooms", mia.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(noah.id()))));
        assertNotVerified(api.patch("/api/v1/users/me", mia.accessToken(), Map.of("nickname", "Mia")));
        assertNotVerified(api.get("/api/v1/users?q=noah", mia.accessToken()));
        assertNotVerified(api.get("/api/v1/users/" + noah.id(), mia.accessToken()));
        assertNotVerified(api.post("/api/v1/users/me/password", mia.accessToken(),
                Map.of("currentPassword", "correct horse", "newPassword", "another horse")));
        try (StompClient refused = StompClient.open(port)) {
            Frame error = refused.connectWith(mia.accessToken());
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("EMAIL_NOT_VERIFIED");
            refused.awaitClosed();
        }

        // What it takes to get verified (or to leave) stays open.
        Response refreshed = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", mia.refreshToken()));
        assertThat(refreshed.status()).isEqualTo(200);
        String access = refreshed.body().path("accessToken").asString();
        assertThat(api.post("/api/v1/auth/verify-email/resend", access, null).code()).isEqualTo("RATE_LIMITED");
        Response verified = api.post("/api/v1/auth/verify-email", access,
                Map.of("code", TestMailServer.awaitMail(mia.email(), 1).code()));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);

        assertThat(api.get("/api/v1/rooms", access).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users?q=noah", access).status()).isEqualTo(200);
        try (StompClient socket = StompClient.connect(port, access)) {
            socket.subscribe("/user/queue/events");
        }
        // Noah, still unverified, is refused; he can still log out or withdraw.
        assertNotVerified(api.get("/api/v1/rooms", noah.accessToken()));
        assertThat(api.delete("/api/v1/users/me", noah.accessToken(), Map.of("password", "correct horse")).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/logout", null, Map.of("refreshToken", mia.refreshToken())).status()).isEqualTo(204);
    }
}

package dev.moim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import dev.moim.support.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account life through the public API, on each store, with a real SMTP server (GreenMail) in the test JVM as the
 * server's mail relay: every code a test types is read from the mail that arrived. Sign-up and e-mail verification,
 * wrong and used-up codes, the resend cooldown, password reset (alike for known and unknown addresses) and change,
 * each ending every session and socket of the account, and withdrawal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Every test signs up and types codes from 127.0.0.1; the per-address limits are not what is tested here.
        "moim.auth.signups-per-ip.count=10000",
        "moim.accounts.code-sends-per-ip.count=10000",
        "moim.accounts.code-checks-per-ip.count=10000"})
abstract class AccountContract {

    static final String PASSWORD = "correct horse";
    static final String DELETED = "(탈퇴한 사용자)";

    @LocalServerPort
    int port;

    Api api;

    private final List<StompClient> sockets = new ArrayList<>();

    @DynamicPropertySource
    static void mailRelay(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMailServer::port);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(StompClient::close);
    }

    private StompClient connect(String accessToken) {
        StompClient client = StompClient.connect(port, accessToken);
        sockets.add(client);
        return client;
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String wrong(String code) {
        return "%06d".formatted((Integer.parseInt(code) + 1) % 1_000_000);
    }

    private Response login(String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
    }

    private Response verify(String accessToken, String code) {
        return api.post("/api/v1/auth/verify-email", accessToken, Map.of("code", code));
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.contentType()).contains("application/problem+json");
    }

    @Test
    void signUpMailsACodeThatVerifiesTheEmail() {
        User alice = api.newUser("alice");
        assertThat(api.get("/api/v1/users/me", alice.accessToken()).body().path("emailVerified").asBoolean()).isFalse();
        assertThat(login(alice.email(), PASSWORD).body().path("user").path("emailVerified").asBoolean()).isFalse();

        TestMailServer.Mail mail = TestMailServer.awaitMail(alice.email(), 1);
        assertThat(mail.from()).isEqualTo("Moim <no-reply@localhost>");
        assertThat(mail.subject()).contains("이메일 인증 코드").contains("Email verification code");
        assertThat(mail.body()).contains("3분").contains("3 minutes").contains("인증 코드: " + mail.code())
                .contains("verification code: " + mail.code());

        Response verified = verify(alice.accessToken(), mail.code());
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.body().path("emailVerified").asBoolean()).isTrue();
        assertThat(verified.body().path("email").asString()).isEqualTo(alice.email());
        assertThat(api.get("/api/v1/users/me", alice.accessToken()).body().path("emailVerified").asBoolean()).isTrue();
        assertThat(login(alice.email(), PASSWORD).body().path("user").path("emailVerified").asBoolean()).isTrue();

        // Spent, and nothing more to verify.
        assertRefused(verify(alice.accessToken(), mail.code()), 409, "ALREADY_VERIFIED");
        assertRefused(api.post("/api/v1/auth/verify-email/resend", alice.accessToken(), null), 409, "ALREADY_VERIFIED");
    }

    @Test
    void verifyingNeedsASignedInUserAndSixDigits() {
        assertRefused(api.post("/api/v1/auth/verify-email", null, Map.of("code", "123456")), 401, "UNAUTHENTICATED");
        assertRefused(api.post("/api/v1/auth/verify-email/resend", null, null), 401, "UNAUTHENTICATED");
        User bob = api.newUser("bob");
        for (String bad : List.of("12345", "1234567", "abcdef", "12 456")) {
            Response refused = verify(bob.accessToken(), bad);
            assertRefused(refused, 400, "VALIDATION_FAILED");
            assertThat(refused.body().path("fields").has("code")).isTrue();
        }
        // None of those counted against the code.
        String code = TestMailServer.awaitMail(bob.email(), 1).code();
        assertThat(verify(bob.accessToken(), code).status()).isEqualTo(200);
    }

    @Test
    void fiveWrongCodesKillTheCode() {
        User carol = api.newUser("carol");
        String code = TestMailServer.awaitMail(carol.email(), 1).code();
        for (int i = 1; i <= 5; i++) {
            Response refused = verify(carol.accessToken(), wrong(code));
            assertRefused(refused, 400, "VERIFICATION_CODE_INVALID");
            assertThat(refused.body().path("detail").asString()).contains(i < 5 ? (5 - i) + " more tries" : "no longer works");
        }
        // The right code comes too late: it is dead, and a new one must be asked for.
        assertRefused(verify(carol.accessToken(), code), 400, "VERIFICATION_CODE_EXPIRED");
        assertThat(api.get("/api/v1/users/me", carol.accessToken()).body().path("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void aNewCodeIsRefusedWithinTheCooldownAndTheFirstStillWorks() {
        User dave = api.newUser("dave");
        String code = TestMailServer.awaitMail(dave.email(), 1).code();
        Response tooSoon = api.post("/api/v1/auth/verify-email/resend", dave.accessToken(), null);
        assertRefused(tooSoon, 429, "RATE_LIMITED");
        assertThat(tooSoon.body().path("detail").asString()).contains("you can ask for another in");
        assertThat(verify(dave.accessToken(), code).status()).isEqualTo(200);
        assertThat(TestMailServer.mailsTo(dave.email())).hasSize(1);
    }

    @Test
    void aResetIsAnsweredAlikeForKnownAndUnknownEmailsAndOnlyAnAccountGetsMail() {
        User erin = api.newUser("erin");
        String unknown = email("nobody");
        Response forUnknown = api.post("/api/v1/auth/password-reset", null, Map.of("email", unknown));
        Response forKnown = api.post("/api/v1/auth/password-reset", null, Map.of("email", erin.email().toUpperCase()));
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forKnown.body()).isEqualTo(forUnknown.body());
        assertThat(forKnown.contentType()).isEqualTo(forUnknown.contentType());

        // Sign-up mail first, then the reset code. Requests are handled in order, so by now the unknown one was too.
        TestMailServer.Mail reset = TestMailServer.awaitMail(erin.email(), 2);
        assertThat(reset.subject()).contains("비밀번호 재설정 코드").contains("Password reset code");
        assertThat(reset.body()).contains("15분").contains("15 minutes");
        assertThat(TestMailServer.mailsTo(unknown)).isEmpty();

        // Confirming: an unknown address and a wrong code get the very same answer.
        Response unknownConfirm = api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", unknown, "code", reset.code(), "newPassword", "new password 1"));
        Response wrongConfirm = api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", erin.email(), "code", wrong(reset.code()), "newPassword", "new password 1"));
        assertRefused(unknownConfirm, 400, "VERIFICATION_CODE_INVALID");
        assertRefused(wrongConfirm, 400, "VERIFICATION_CODE_INVALID");
        assertThat(wrongConfirm.body().path("detail")).isEqualTo(unknownConfirm.body().path("detail"));
        assertThat(login(erin.email(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void resetRequestsAreLimitedPerEmailAlikeForKnownAndUnknown() {
        User frank = api.newUser("frank");
        for (String address : List.of(frank.email(), email("nobody"))) {
            for (int i = 0; i < 5; i++) {
                assertThat(api.post("/api/v1/auth/password-reset", null, Map.of("email", address)).status()).isEqualTo(202);
            }
            assertRefused(api.post("/api/v1/auth/password-reset", null, Map.of("email", address)), 429, "RATE_LIMITED");
        }
        // The resend cooldown held too: the first reset code was not replaced by the four requests after it. Resets
        // are handled one at a time in order, so once a later one's mail is out, Frank's have all been handled.
        String code = TestMailServer.awaitMail(frank.email(), 2).code();
        User marker = api.newUser("marker");
        assertThat(api.post("/api/v1/auth/password-reset", null, Map.of("email", marker.email())).status()).isEqualTo(202);
        TestMailServer.awaitMail(marker.email(), 2);
        assertThat(api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", frank.email(), "code", code, "newPassword", "frank's new one")).status()).isEqualTo(204);
        assertThat(TestMailServer.mailsTo(frank.email())).hasSize(2);
    }

    @Test
    void aResetEndsEverySessionAndSocketOfTheAccount() {
        User grace = api.newUser("grace");
        Response secondLogin = login(grace.email(), PASSWORD);
        StompClient socket = connect(grace.accessToken());
        socket.subscribe("/user/queue/events");
        StompClient otherDevice = connect(secondLogin.body().path("accessToken").asString());

        assertThat(api.post("/api/v1/auth/password-reset", null, Map.of("email", grace.email())).status()).isEqualTo(202);
        String code = TestMailServer.awaitMail(grace.email(), 2).code();
        Response done = api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", grace.email(), "code", code, "newPassword", "brand new horse"));
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        for (StompClient client : List.of(socket, otherDevice)) {
            Frame ended = client.await(f -> f.command().equals("ERROR"), StompClient.WAIT);
            assertThat(ended.header("message")).isEqualTo("SESSION_REVOKED");
            client.awaitClosed();
        }
        assertRefused(api.get("/api/v1/users/me", grace.accessToken()), 401, "SESSION_REVOKED");
        for (String refresh : List.of(grace.refreshToken(), secondLogin.body().path("refreshToken").asString())) {
            assertRefused(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh)), 401, "REFRESH_TOKEN_INVALID");
        }
        // The code is spent; the old password is gone; the new one works, and the mailed code proved the address.
        assertRefused(api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", grace.email(), "code", code, "newPassword", "another horse")), 400, "VERIFICATION_CODE_INVALID");
        assertRefused(login(grace.email(), PASSWORD), 401, "INVALID_CREDENTIALS");
        Response fresh = login(grace.email(), "brand new horse");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body().path("user").path("emailVerified").asBoolean()).isTrue();
    }

    @Test
    void changingThePasswordEndsOtherSessionsAndKeepsThisDeviceSignedIn() {
        User henry = api.newUser("henry");
        Response otherLogin = login(henry.email(), PASSWORD);
        StompClient socket = connect(otherLogin.body().path("accessToken").asString());
        socket.subscribe("/user/queue/events");

        assertRefused(api.post("/api/v1/users/me/password", henry.accessToken(),
                Map.of("currentPassword", "not my password", "newPassword", "new horse 42")), 403, "WRONG_PASSWORD");
        assertRefused(api.post("/api/v1/users/me/password", henry.accessToken(),
                Map.of("currentPassword", PASSWORD, "newPassword", "short")), 400, "VALIDATION_FAILED");
        assertThat(socket.isClosed()).isFalse();

        Response changed = api.post("/api/v1/users/me/password", henry.accessToken(),
                Map.of("currentPassword", PASSWORD, "newPassword", "new horse 42"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode session = changed.body();
        assertThat(session.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(session.path("user").path("id").asLong()).isEqualTo(henry.id());

        assertThat(socket.await(f -> f.command().equals("ERROR"), StompClient.WAIT).header("message")).isEqualTo("SESSION_REVOKED");
        socket.awaitClosed();
        assertRefused(api.get("/api/v1/users/me", henry.accessToken()), 401, "SESSION_REVOKED");
        assertRefused(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", otherLogin.body().path("refreshToken").asString())),
                401, "REFRESH_TOKEN_INVALID");

        // This device goes on with the new session.
        String access = session.path("accessToken").asString();
        assertThat(api.get("/api/v1/users/me", access).status()).isEqualTo(200);
        connect(access).subscribe("/user/queue/events");
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", session.path("refreshToken").asString()))
                .status()).isEqualTo(200);
        assertRefused(login(henry.email(), PASSWORD), 401, "INVALID_CREDENTIALS");
        assertThat(login(henry.email(), "new horse 42").status()).isEqualTo(200);
    }

    @Test
    void aWithdrawnAccountLeavesItsGroupsKeepsItsMessagesAndFreesItsEmail() {
        User ivy = api.newUser("ivy");
        User jack = api.newUser("jack");
        User kate = api.newUser("kate");
        long group = api.group(ivy, "hiking", jack, kate);
        long direct = api.direct(ivy, jack);
        assertThat(api.sendRest(ivy, group, "g-1", "see you at nine").status()).isEqualTo(201);
        assertThat(api.sendRest(ivy, direct, "d-1", "just us").status()).isEqualTo(201);
        StompClient socket = connect(ivy.accessToken());
        socket.subscribe("/user/queue/events");

        assertRefused(api.delete("/api/v1/users/me", ivy.accessToken(), Map.of("password", "not it")), 403, "WRONG_PASSWORD");
        assertThat(api.room(jack, group).path("ownerId").asLong()).isEqualTo(ivy.id());

        Response gone = api.delete("/api/v1/users/me", ivy.accessToken(), Map.of("password", PASSWORD));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);

        // Signed out everywhere, and the account cannot be logged into: exactly as an unknown email.
        assertThat(socket.await(f -> f.command().equals("ERROR"), StompClient.WAIT).header("message")).isEqualTo("SESSION_REVOKED");
        socket.awaitClosed();
        assertRefused(api.get("/api/v1/users/me", ivy.accessToken()), 401, "SESSION_REVOKED");
        Response withdrawnLogin = login(ivy.email(), PASSWORD);
        Response unknownLogin = login(email("nobody"), PASSWORD);
        assertRefused(withdrawnLogin, 401, "INVALID_CREDENTIALS");
        assertThat(withdrawnLogin.body().path("detail")).isEqualTo(unknownLogin.body().path("detail"));

        // The group: Ivy left as a member leaves, ownership passed to the longest-standing member, her message stays.
        JsonNode room = api.room(jack, group);
        assertThat(room.path("ownerId").asLong()).isEqualTo(jack.id());
        assertThat(room.path("memberCount").asInt()).isEqualTo(2);
        List<JsonNode> history = api.wholeHistory(kate, group);
        JsonNode message = history.stream().filter(m -> "g-1".equals(m.path("clientMsgId").asString())).findFirst().orElseThrow();
        assertThat(message.path("content").asString()).isEqualTo("see you at nine");
        assertThat(message.path("sender").path("id").asLong()).isEqualTo(ivy.id());
        assertThat(message.path("sender").path("nickname").asString()).isEqualTo(DELETED);
        assertThat(message.path("sender").path("avatarId").isNull()).isTrue();
        List<String> events = history.stream().filter(m -> m.path("type").asString().equals("SYSTEM"))
                .map(m -> m.path("system").path("event").asString()).toList();
        assertThat(events).containsSubsequence("LEFT", "OWNER_CHANGED");

        // The DIRECT room stays for Jack, with a deleted peer.
        JsonNode directRoom = api.room(jack, direct);
        assertThat(directRoom.path("peer").path("id").asLong()).isEqualTo(ivy.id());
        assertThat(directRoom.path("peer").path("nickname").asString()).isEqualTo(DELETED);
        assertThat(api.history(jack, direct, "").get(0).path("sender").path("nickname").asString()).isEqualTo(DELETED);
        assertThat(api.sendRest(jack, direct, "d-2", "are you there?").status()).isEqualTo(201);

        // Gone from search (by nickname and by email); her profile says deleted; nobody can bring her into a room.
        assertThat(api.get("/api/v1/users?q=ivy", jack.accessToken()).body().findValues("id").stream()
                .map(JsonNode::asLong).toList()).doesNotContain(ivy.id());
        assertThat(api.get("/api/v1/users?q=" + ivy.email(), jack.accessToken()).body()).isEmpty();
        JsonNode profile = api.get("/api/v1/users/" + ivy.id(), jack.accessToken()).body();
        assertThat(profile.path("deleted").asBoolean()).isTrue();
        assertThat(profile.path("nickname").asString()).isEqualTo(DELETED);
        assertThat(profile.path("statusMessage").isNull()).isTrue();
        assertRefused(api.post("/api/v1/rooms/" + group + "/members", jack.accessToken(), Map.of("userIds", List.of(ivy.id()))),
                404, "USER_NOT_FOUND");

        // The email is free for a new account.
        Response again = api.post("/api/v1/auth/signup", null, Map.of("email", ivy.email(), "password", "a new start", "nickname", "ivy2"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.body().path("id").asLong()).isNotEqualTo(ivy.id());
        assertThat(login(ivy.email(), "a new start").status()).isEqualTo(200);
        assertRefused(login(ivy.email(), PASSWORD), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void badAccountRequestsGetTypedErrorsAndChangeNothing() {
        User liam = api.newUser("liam");
        assertRefused(api.post("/api/v1/auth/password-reset", null, Map.of("email", "not an email")), 400, "VALIDATION_FAILED");
        assertRefused(api.post("/api/v1/auth/password-reset", null, Map.of("email", 42)), 400, "MALFORMED_REQUEST");
        assertRefused(api.post("/api/v1/auth/password-reset/confirm", null,
                Map.of("email", liam.email(), "code", "123456", "newPassword", "x".repeat(73))), 400, "VALIDATION_FAILED");
        assertRefused(api.delete("/api/v1/users/me", liam.accessToken()), 400, "MALFORMED_REQUEST");
        assertRefused(api.delete("/api/v1/users/me", liam.accessToken(), Map.of("password", "")), 400, "VALIDATION_FAILED");
        assertRefused(api.post("/api/v1/users/me/password", liam.accessToken(),
                Map.of("currentPassword", PASSWORD, "newPassword", "비밀번호".repeat(7))), 400, "VALIDATION_FAILED");
        assertThat(api.get("/api/v1/users/me", liam.accessToken()).status()).isEqualTo(200);
        assertThat(login(liam.email(), PASSWORD).status()).isEqualTo(200);
    }
}

package dev.moim;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An access token is honoured only while it is well-formed (expiry, numeric subject, session) and its session is
 * live: logging out, or the reuse of a spent refresh token, ends the session's sockets at once and refuses its
 * access tokens from then on.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessTokenTrustTest extends TrustTestServer {

    @Test
    void tokensWithoutExpiryOrWithABadSubjectOrNoSessionAreRefusedAndNeverLogged(CapturedOutput output) {
        User alice = api.newUser("Alice");
        String subject = Long.toString(alice.id());
        Instant now = Instant.now();

        // The test's own tokens are signed with the server's key: a well-formed one is honoured.
        String wellFormed = sign(c -> c.subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("sid", UUID.randomUUID().toString()));
        assertThat(api.get("/api/v1/users/me", wellFormed).status()).isEqualTo(200);
        assertThat(track(StompClient.open(port)).connectWith(wellFormed).command()).isEqualTo("CONNECTED");

        Map<String, String> bad = Map.of(
                "no exp", sign(c -> c.subject(subject).issueTime(Date.from(now)).claim("sid", UUID.randomUUID().toString())),
                "sub abc", sign(c -> c.subject("abc").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .claim("sid", UUID.randomUUID().toString())),
                "no sid", sign(c -> c.subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))));
        bad.forEach((what, token) -> {
            Api.Response rest = api.get("/api/v1/users/me", token);
            assertThat(rest.status()).as(what).isEqualTo(401);
            assertThat(rest.code()).as(what).isEqualTo("UNAUTHENTICATED");

            StompClient client = track(StompClient.open(port));
            Frame refused = client.connectWith(token);
            assertThat(refused.command()).as(what).isEqualTo("ERROR");
            assertThat(refused.header("message")).as(what).isEqualTo("UNAUTHENTICATED");
            client.awaitClosed();
        });

        // Credentials never reach the log, whatever went wrong with them.
        for (String token : bad.values()) {
            assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void loggingOutEndsTheSessionsSocketsAndRefusesItsAccessTokens() {
        User alice = api.newUser("Alice");
        Api.Response otherLogin = api.post("/api/v1/auth/login", null, Map.of("email", alice.email(), "password", "correct horse"));
        String otherAccess = otherLogin.body().path("accessToken").asString();

        StompClient loggedOut = connect(alice);
        loggedOut.subscribe("/user/queue/events");
        StompClient otherDevice = track(StompClient.connect(port, otherAccess));
        otherDevice.subscribe("/user/queue/events");

        assertThat(api.post("/api/v1/auth/logout", null, Map.of("refreshToken", alice.refreshToken())).status()).isEqualTo(204);

        Frame ended = awaitError(loggedOut);
        assertThat(ended.header("message")).isEqualTo("SESSION_REVOKED");
        assertThat(ended.json().path("code").asString()).isEqualTo("SESSION_REVOKED");
        loggedOut.awaitClosed();

        Api.Response rest = api.get("/api/v1/users/me", alice.accessToken());
        assertThat(rest.status()).isEqualTo(401);
        assertThat(rest.code()).isEqualTo("SESSION_REVOKED");
        StompClient late = track(StompClient.open(port));
        Frame refused = late.connectWith(alice.accessToken());
        assertThat(refused.command()).isEqualTo("ERROR");
        assertThat(refused.header("message")).isEqualTo("SESSION_REVOKED");
        late.awaitClosed();

        // The other log-in is another session: it goes on.
        assertThat(api.get("/api/v1/users/me", otherAccess).status()).isEqualTo(200);
        long roomId = api.group(api.newUser("Bob"), "still here", alice);
        otherDevice.awaitEvent("room_added", e -> e.path("room").path("id").asLong() == roomId);
        assertThat(otherDevice.isClosed()).isFalse();
    }

    @Test
    void reusingASpentRefreshTokenEndsTheSessionsSocketsAndRefusesItsAccessTokens() {
        User alice = api.newUser("Alice");
        Api.Response refreshed = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", alice.refreshToken()));
        assertThat(refreshed.status()).isEqualTo(200);
        String newerAccess = refreshed.body().path("accessToken").asString();
        StompClient socket = track(StompClient.connect(port, newerAccess));
        socket.subscribe("/user/queue/events");

        Api.Response reused = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", alice.refreshToken()));
        assertThat(reused.code()).isEqualTo("REFRESH_TOKEN_REUSED");

        assertThat(awaitError(socket).header("message")).isEqualTo("SESSION_REVOKED");
        socket.awaitClosed();
        for (String token : List.of(alice.accessToken(), newerAccess)) {
            assertThat(api.get("/api/v1/users/me", token).code()).isEqualTo("SESSION_REVOKED");
        }
    }

    /**
     * Log-out racing a refresh of the same token: whichever wins, the log-in ends. A refresh that slipped through
     * must not leave a live refresh token or access token behind.
     */
    @Test
    void aRefreshRacingALogOutLeavesNothingAlive() throws Exception {
        User alice = api.newUser("Alice");
        int slippedThrough = 0;
        // A thread each: on two cores the common pool has one, and the two sides must run at the same time.
        ExecutorService both = Executors.newVirtualThreadPerTaskExecutor();
        for (int round = 0; round < 40; round++) {
            String refreshToken = api.post("/api/v1/auth/login", null, Map.of("email", alice.email(), "password", "correct horse"))
                    .body().path("refreshToken").asString();
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Api.Response> refresh = CompletableFuture.supplyAsync(() -> {
                await(start);
                return api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken));
            }, both);
            CompletableFuture<Api.Response> logout = CompletableFuture.supplyAsync(() -> {
                await(start);
                return api.post("/api/v1/auth/logout", null, Map.of("refreshToken", refreshToken));
            }, both);
            assertThat(logout.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
            Api.Response refreshed = refresh.get(30, TimeUnit.SECONDS);
            if (refreshed.status() != 200) {
                assertThat(refreshed.code()).isIn("REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED");
                continue;
            }
            slippedThrough++;
            Api.Response again = api.post("/api/v1/auth/refresh", null,
                    Map.of("refreshToken", refreshed.body().path("refreshToken").asString()));
            assertThat(again.code()).as("round %d: the token issued beside a log-out", round).isEqualTo("REFRESH_TOKEN_INVALID");
            assertThat(api.get("/api/v1/users/me", refreshed.body().path("accessToken").asString()).code())
                    .isEqualTo("SESSION_REVOKED");
        }
        both.close();
        System.out.println("refreshes that finished before the log-out: " + slippedThrough + " of 40");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sign(Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("moim");
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        try {
            jwt.sign(new MACSigner(SIGNING_KEY));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return jwt.serialize();
    }
}

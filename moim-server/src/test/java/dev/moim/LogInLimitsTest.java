package dev.moim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api.Response;
import dev.moim.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up and log-in limits per client address and per account. The test client stands in for a reverse proxy
 * (127.0.0.1 is trusted here) so that X-Forwarded-For can play many clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.http.trusted-proxies=127.0.0.1",
        "moim.auth.signups-per-ip.count=5",
        "moim.auth.login-failures-per-ip.count=12",
        "moim.auth.login-failures-per-account-and-ip.count=5",
        "moim.auth.login-failures-per-account.count=8",
        "moim.auth.login-delay-under-attack=200ms"})
class LogInLimitsTest {

    private static final String PASSWORD = "correct horse";

    @LocalServerPort
    int port;

    RawHttp http;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "login-limits-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    @Test
    void aStrangersWrongPasswordsDoNotLockTheOwnerOut() {
        String owner = signUp("203.0.113.10", "Owner");

        List<Integer> strangers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Response guess = logIn("198.51.100.20", owner, "guess-" + i);
            strangers.add(guess.status());
            assertThat(guess.contentType()).startsWith("application/problem+json");
            assertThat(guess.code()).isEqualTo(guess.status() == 401 ? "INVALID_CREDENTIALS" : "RATE_LIMITED");
        }
        // Five failures from that address on that account, then that address is refused on it.
        assertThat(strangers).containsExactly(401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429);
        assertThat(logIn("198.51.100.20", owner, PASSWORD).code()).isEqualTo("RATE_LIMITED");

        // The owner, from their own address, gets straight in.
        Response ownLogIn = logIn("203.0.113.11", owner, PASSWORD);
        assertThat(ownLogIn.status()).isEqualTo(200);
        assertThat(ownLogIn.body().path("accessToken").asString()).isNotEmpty();
    }

    @Test
    void anAccountGuessedFromEverywhereIsSlowedDownButItsOwnerStillGetsIn() {
        String owner = signUp("203.0.113.20", "Target");
        // Eleven addresses, one guess each: past the per-account limit (8), yet no address is over its own.
        for (int i = 1; i <= 11; i++) {
            Response guess = logIn("198.51.100." + (100 + i), owner, "guess-" + i);
            assertThat(guess.status()).isEqualTo(401);
            assertThat(guess.code()).isEqualTo("INVALID_CREDENTIALS");
        }
        Response ownLogIn = logIn("203.0.113.21", owner, PASSWORD);
        assertThat(ownLogIn.status()).isEqualTo(200);
        // A wrong password is still just wrong: the account is slowed down, not closed.
        assertThat(logIn("198.51.100.200", owner, "one more").code()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsStopped() {
        String own = signUp("192.0.2.77", "Sprayer");
        for (int i = 0; i < 12; i++) {
            // Unknown accounts count as failures too, or spraying made-up emails would be free.
            Response guess = logIn("192.0.2.66", "nobody-" + i + "-" + UUID.randomUUID() + "@example.com", "password-" + i);
            assertThat(guess.code()).isEqualTo("INVALID_CREDENTIALS");
        }
        Response refused = logIn("192.0.2.66", "nobody-else@example.com", "password");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        // That address's own account too: the per-address count does not know whose account it is.
        assertThat(logIn("192.0.2.66", own, PASSWORD).code()).isEqualTo("RATE_LIMITED");
        // Another address is untouched.
        assertThat(logIn("192.0.2.78", own, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSignUpFloodFromOneAddressIsRateLimited() {
        for (int i = 0; i < 5; i++) {
            signUp("192.0.2.30", "Flood" + i);
        }
        Response refused = signUpResponse("192.0.2.30", "Flood5");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        // Other addresses sign up as before.
        signUp("192.0.2.31", "Neighbour");
    }

    private String signUp(String address, String nickname) {
        Response signup = signUpResponse(address, nickname);
        assertThat(signup.status()).as("sign-up %s", signup).isEqualTo(201);
        return signup.body().path("email").asString();
    }

    private Response signUpResponse(String address, String nickname) {
        String email = nickname.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return http.postFrom(address, "/api/v1/auth/signup", null,
                Map.of("email", email, "password", PASSWORD, "nickname", nickname));
    }

    private Response logIn(String address, String email, String password) {
        return http.postFrom(address, "/api/v1/auth/login", null, Map.of("email", email, "password", password));
    }
}

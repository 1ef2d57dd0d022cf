package dev.moim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the embedded defaults (no SMTP server configured) every mail is written to {@code <data-dir>/mail/outbox.log},
 * where this test reads its codes. Codes here live one second and survive any number of wrong guesses, so the test
 * can wait for the expiry by guessing wrong until the answer changes, never sending the right code too early.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.accounts.verification-code-ttl=1s",
        "moim.accounts.resend-cooldown=1s",
        "moim.accounts.code-attempts=100000",
        "moim.accounts.code-checks-per-ip.count=100000"})
class VerificationCodeExpiryTest {

    private static final Path DATA = Path.of("target", "test-data", "code-expiry-" + UUID.randomUUID()).toAbsolutePath();
    private static final Pattern CODE = Pattern.compile("code: ([0-9]{6})");

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** The bodies of the mails the outbox file holds for the address, oldest first. */
    private static List<String> outbox(String address) throws IOException {
        Path file = DATA.resolve("mail").resolve("outbox.log");
        List<String> mails = new ArrayList<>();
        if (!Files.exists(file)) {
            return mails;
        }
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("(?m)^=== ")) {
            if (entry.contains("\nTo: " + address + "\n")) {
                mails.add(entry);
            }
        }
        return mails;
    }

    private static String code(String mail) {
        Matcher matcher = CODE.matcher(mail);
        assertThat(matcher.find()).as(mail).isTrue();
        return matcher.group(1);
    }

    private Response verify(User user, String code) {
        return api.post("/api/v1/auth/verify-email", user.accessToken(), Map.of("code", code));
    }

    @Test
    void anExpiredCodeIsRefusedAndANewOneIsMailedToTheDataDirectory() throws IOException {
        User olivia = api.newUser("olivia");
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox(olivia.email()).size() == 1);
        String first = outbox(olivia.email()).getFirst();
        assertThat(first).contains("From: Moim <no-reply@localhost>").contains("Subject: [Moim] 이메일 인증 코드")
                .contains("1초").contains("1 second.");
        String code = code(first);
        String wrong = "%06d".formatted((Integer.parseInt(code) + 1) % 1_000_000);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> verify(olivia, wrong).code().equals("VERIFICATION_CODE_EXPIRED"));
        Response late = verify(olivia, code);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.code()).isEqualTo("VERIFICATION_CODE_EXPIRED");

        // Past the cooldown a new code is mailed, to the same file.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.post("/api/v1/auth/verify-email/resend", olivia.accessToken(), null).status() == 202);
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox(olivia.email()).size() == 2);
        assertThat(code(outbox(olivia.email()).get(1))).hasSize(6);
        assertThat(api.get("/api/v1/users/me", olivia.accessToken()).body().path("emailVerified").asBoolean()).isFalse();
    }
}

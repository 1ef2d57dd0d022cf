package dev.moim;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Edits and deletions, each broadcast to the whole room, are rate-limited per user like sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.messages.edit-burst=5",
        "moim.messages.edit-rate-per-second=0.01"})
class EditLimitsTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "edit-limits-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void aFloodOfEditsAndDeletionsIsRateLimitedPerUser() {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "edits", bora);
        assertThat(api.sendRest(ara, roomId, "m-1", "first").status()).isEqualTo(201);
        assertThat(api.sendRest(ara, roomId, "m-2", "second").status()).isEqualTo(201);
        assertThat(api.sendRest(bora, roomId, "m-3", "bora's").status()).isEqualTo(201);
        String message = "/api/v1/rooms/" + roomId + "/messages/";

        for (int i = 1; i <= 5; i++) {
            Response edit = api.patch(message + "2", ara.accessToken(), Map.of("content", "edit " + i));
            assertThat(edit.status()).as("edit %d: %s", i, edit).isEqualTo(200);
        }
        Response refused = api.patch(message + "2", ara.accessToken(), Map.of("content", "edit 6"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        // Deletions draw on the same allowance.
        assertThat(api.delete(message + "3", ara.accessToken()).code()).isEqualTo("RATE_LIMITED");

        // The refused changes changed nothing; another member's allowance is their own.
        assertThat(api.history(ara, roomId, "afterSeq=1").findValues("content").stream().map(c -> c.asString()))
                .containsExactly("edit 5", "second", "bora's");
        assertThat(api.patch(message + "4", bora.accessToken(), Map.of("content", "bora edited")).status()).isEqualTo(200);
    }
}

package dev.moim;

import java.nio.file.Path;
import java.util.List;
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

/**
 * What one user does that reaches many people is rate-limited per user, like sends: edits and deletions (each
 * broadcast to the whole room), and putting people into rooms (each is told at once). Uploads too, the costliest
 * request there is (stored, and a photo decoded).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.messages.edit-burst=5",
        "moim.messages.edit-rate-per-second=0.01",
        "moim.rooms.member-adds.count=6",
        "moim.rooms.member-adds.per=1h",
        "moim.files.uploads-per-user.count=3",
        "moim.files.uploads-per-user.per=1h",
        "moim.social.friend-requests-per-user.count=3",
        "moim.social.friend-requests-per-user.per=1d",
        "moim.social.mentions-per-user.count=4",
        "moim.social.mentions-per-user.per=1h"})
class FloodLimitsTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "flood-limits-" + UUID.randomUUID()).toAbsolutePath().toString());
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

    @Test
    void puttingPeopleIntoRoomsIsRateLimitedPerUserAndARefusalChangesNothing() {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        User[] others = new User[6];
        for (int i = 0; i < others.length; i++) {
            others[i] = api.newUser("Friend" + i);
        }
        // A group of four: four of Ara's six additions.
        long roomId = api.group(ara, "club", others[0], others[1], others[2]);

        Response refused = api.post("/api/v1/rooms/" + roomId + "/members", ara.accessToken(),
                Map.of("userIds", List.of(others[3].id(), others[4].id(), others[5].id())));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(api.get("/api/v1/rooms/" + roomId + "/members", ara.accessToken()).body()).hasSize(4);
        assertThat(api.get("/api/v1/rooms", others[3].accessToken()).body()).isEmpty();

        // The two left are enough for a direct room, and then nothing is left.
        assertThat(api.post("/api/v1/rooms", ara.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(others[3].id())))
                .status()).isEqualTo(201);
        Response tooMany = api.post("/api/v1/rooms", ara.accessToken(),
                Map.of("type", "GROUP", "name", "another", "memberIds", List.of(others[4].id())));
        assertThat(tooMany.code()).isEqualTo("RATE_LIMITED");
        assertThat(api.get("/api/v1/rooms", others[4].accessToken()).body()).isEmpty();

        // Another member's allowance is their own.
        assertThat(api.post("/api/v1/rooms/" + roomId + "/members", others[0].accessToken(),
                Map.of("userIds", List.of(others[4].id()))).status()).isEqualTo(204);
    }

    @Test
    void aFloodOfUploadsIsRateLimitedPerUserAndAPictureCountsToo() {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "uploads", bora);
        String upload = "/api/v1/rooms/" + roomId + "/attachments?name=notes.txt";
        byte[] notes = "메모".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 1; i <= 2; i++) {
            assertThat(api.upload("POST", upload, ara.accessToken(), notes, Map.of()).status()).as("upload %d", i).isEqualTo(201);
        }
        assertThat(api.upload("PUT", "/api/v1/users/me/avatar", ara.accessToken(), FilesContract.png(64, 64), Map.of())
                .status()).isEqualTo(200);
        Response refused = api.upload("POST", upload, ara.accessToken(), notes, Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        // A retry of an upload that was stored is no new upload: it is answered, not limited.
        Map<String, String> key = Map.of("Idempotency-Key", "k-1");
        assertThat(api.upload("POST", upload, bora.accessToken(), notes, key).status()).isEqualTo(201);
        assertThat(api.upload("POST", upload, bora.accessToken(), notes, key).status()).isEqualTo(200);
        assertThat(api.upload("POST", upload, bora.accessToken(), notes, key).status()).isEqualTo(200);
        assertThat(api.upload("POST", upload, bora.accessToken(), notes, key).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/rooms/" + roomId + "/attachments?kind=FILE", ara.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void friendRequestsAndMentionsAreRateLimitedPerUser() {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        List<User> others = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(api.newUser("Friend" + i));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/friends/requests", ara.accessToken(), Map.of("userId", others.get(i).id())).status())
                    .isEqualTo(200);
        }
        Response refused = api.post("/api/v1/friends/requests", ara.accessToken(), Map.of("userId", others.get(3).id()));
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(api.get("/api/v1/friends/requests?direction=outgoing", ara.accessToken()).body()).hasSize(3);
        // Asking again someone already asked costs nothing.
        assertThat(api.post("/api/v1/friends/requests", ara.accessToken(), Map.of("userId", others.get(0).id())).status())
                .isEqualTo(200);

        long room = api.group(ara, "mentions", others.get(0), others.get(1), others.get(2));
        String all = "@Friend0 @Friend1 @Friend2";
        assertThat(api.sendRest(ara, room, "m-1", all).status()).isEqualTo(201);
        // Three people mentioned of four allowed: two more is one too many, and the message is refused whole.
        Response tooMany = api.sendRest(ara, room, "m-2", "@Friend0 @Friend1");
        assertThat(tooMany.code()).isEqualTo("RATE_LIMITED");
        assertThat(api.sendRest(ara, room, "m-3", "no mentions here").status()).isEqualTo(201);
    }
}

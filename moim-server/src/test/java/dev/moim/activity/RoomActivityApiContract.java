package dev.moim.activity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The busiest rooms and most active members through the public API, on the embedded default and in cluster mode:
 * messages sent over REST are counted from the commits, behind the send, so the test waits until the counts show.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.auth.signups-per-ip.count=10000")
abstract class RoomActivityApiContract {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private void send(User user, long roomId, int messages) {
        for (int i = 0; i < messages; i++) {
            Response sent = api.sendRest(user, roomId, UUID.randomUUID().toString(), "message " + i);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        }
    }

    /** "roomId name type peerId messages" for each ranked room, in order. */
    private List<String> busiest(User user, String query) {
        Response answer = api.get("/api/v1/rooms/busiest" + query, user.accessToken());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> rooms = new ArrayList<>();
        for (JsonNode room : answer.body().path("rooms")) {
            rooms.add(room.path("roomId").asLong() + " " + (room.path("name").isNull() ? "null" : room.path("name").asString()) + " " + room.path("type").asString()
                    + " " + room.path("peer").path("id").asLong() + " " + room.path("messages").asLong());
        }
        return rooms;
    }

    /** "userId nickname messages" for each ranked member, in order. */
    private List<String> activeMembers(User user, long roomId, String query) {
        Response answer = api.get("/api/v1/rooms/" + roomId + "/active-members" + query, user.accessToken());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> members = new ArrayList<>();
        for (JsonNode member : answer.body().path("members")) {
            members.add(member.path("user").path("id").asLong() + " " + member.path("user").path("nickname").asString()
                    + " " + member.path("messages").asLong());
        }
        return members;
    }

    private static void eventually(Runnable check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(check::run);
    }

    @Test
    void theBusiestOfMyRoomsAndTheirMostActiveMembers() {
        User mina = api.newUser("Mina");
        User jun = api.newUser("Jun");
        User sora = api.newUser("Sora");
        User outsider = api.newUser("Outsider");
        long hiking = api.group(mina, "Hiking", jun, sora);
        long books = api.group(mina, "Books", jun);
        long direct = api.direct(mina, jun);
        long elsewhere = api.group(outsider, "Elsewhere", sora);

        send(outsider, elsewhere, 5);
        send(mina, hiking, 3);
        send(jun, hiking, 2);
        send(sora, hiking, 1);
        // An edit is not a message. Messages are counted in the order they were committed, so once the messages
        // after it show, the edit has been passed over.
        JsonNode history = api.history(jun, hiking, "");
        long seq = history.get(history.size() - 1).path("seq").asLong();
        assertThat(api.patch("/api/v1/rooms/" + hiking + "/messages/" + seq, sora.accessToken(), Map.of("content", "edited"))
                .status()).isEqualTo(200);
        send(jun, books, 2);
        send(mina, direct, 1);
        send(jun, direct, 1);

        // Rooms the caller is not in are not shown; system messages (the rooms' creation) are not counted.
        List<String> expected = List.of(hiking + " Hiking GROUP 0 6", books + " Books GROUP 0 2",
                direct + " null DIRECT " + jun.id() + " 2");
        eventually(() -> assertThat(busiest(mina, "")).containsExactlyElementsOf(expected));
        assertThat(busiest(mina, "?window=day")).containsExactlyElementsOf(expected);
        assertThat(busiest(mina, "?window=hour&limit=1")).containsExactly(expected.getFirst());
        assertThat(busiest(sora, "?limit=50")).containsExactly(hiking + " Hiking GROUP 0 6", elsewhere + " Elsewhere GROUP 0 5");
        Response answer = api.get("/api/v1/rooms/busiest", mina.accessToken());
        assertThat(answer.body().path("window").asString()).isEqualTo("hour");

        assertThat(activeMembers(jun, hiking, "")).containsExactly(mina.id() + " Mina 3", jun.id() + " Jun 2",
                sora.id() + " Sora 1");
        assertThat(activeMembers(jun, hiking, "?window=day&limit=2")).containsExactly(mina.id() + " Mina 3", jun.id() + " Jun 2");
        assertThat(api.get("/api/v1/rooms/" + hiking + "/active-members?window=day", jun.accessToken()).body()
                .path("window").asString()).isEqualTo("day");

        // Who has left is not shown among the members, and is no longer let in; the room keeps its messages.
        assertThat(api.post("/api/v1/rooms/" + hiking + "/leave", sora.accessToken(), null).status()).isEqualTo(204);
        assertThat(activeMembers(mina, hiking, "")).containsExactly(mina.id() + " Mina 3", jun.id() + " Jun 2");
        assertThat(busiest(mina, "")).containsExactlyElementsOf(expected);
        assertThat(busiest(sora, "")).containsExactly(elsewhere + " Elsewhere GROUP 0 5");
        assertRefused(api.get("/api/v1/rooms/" + hiking + "/active-members", sora.accessToken()), 403, "NOT_A_MEMBER");
        assertRefused(api.get("/api/v1/rooms/" + hiking + "/active-members", outsider.accessToken()), 403, "NOT_A_MEMBER");
        assertRefused(api.get("/api/v1/rooms/999999999/active-members", mina.accessToken()), 404, "ROOM_NOT_FOUND");

        // "busiest" is no room id: the room itself is still where it was.
        assertThat(api.room(mina, hiking).path("name").asString()).isEqualTo("Hiking");
    }

    @Test
    void badWindowsAndLimitsAreRefusedWithTypedErrors() {
        User mina = api.newUser("Mina");
        long room = api.group(mina, "Alone");
        for (String path : List.of("/api/v1/rooms/busiest", "/api/v1/rooms/" + room + "/active-members")) {
            for (String query : List.of("?window=week", "?window=HOUR", "?window=", "?limit=0", "?limit=51", "?limit=-3")) {
                Response bad = api.get(path + query, mina.accessToken());
                assertThat(bad.status()).as(path + query).isEqualTo(400);
                assertThat(bad.code()).isEqualTo("VALIDATION_FAILED");
                assertThat(bad.contentType()).startsWith("application/problem+json");
                assertThat(bad.body().path("fields").has(query.contains("window") ? "window" : "limit")).isTrue();
            }
            assertRefused(api.get(path + "?limit=ten", mina.accessToken()), 400, "MALFORMED_REQUEST");
            assertRefused(api.get(path, null), 401, "UNAUTHENTICATED");
        }
        assertRefused(api.get("/api/v1/rooms/abc/active-members", mina.accessToken()), 400, "MALFORMED_REQUEST");
        assertThat(busiest(mina, "?window=day&limit=50")).as("no messages yet").isEmpty();
    }

    @Test
    void bothEndpointsAreInTheOpenApiDocument() {
        JsonNode paths = api.get("/v3/api-docs", null).body().path("paths");
        assertThat(paths.path("/api/v1/rooms/busiest").path("get").path("summary").asString()).isNotBlank();
        assertThat(paths.path("/api/v1/rooms/{roomId}/active-members").path("get").path("summary").asString()).isNotBlank();
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}

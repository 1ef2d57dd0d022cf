package dev.moim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies, reactions and the pinned notice through the public API (REST and a real STOMP client), on each store:
 * a reply's quote shows its original as it is now, and nothing of it to a member who joined later; reactions count
 * exactly however many members react at once and reach the room live; a room has one notice, which only its owner
 * changes and which goes when its message is deleted; every bad request gets a typed error and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.messages.send-burst=1000",
                "moim.messages.edit-burst=1000", "moim.rooms.member-adds.count=100000",
                // Low enough for the test of the limit to reach, and above what any other test here needs.
                "moim.reactions.per-user.count=30", "moim.reactions.per-user.per=1h"})
abstract class InRoomContract {

    private static final String THUMBS_UP = "👍";
    private static final String HEART = "❤️";

    @LocalServerPort
    int port;

    Api api;
    private final List<StompClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StompClient::close);
    }

    private StompClient stompInRoom(User user, long roomId) {
        StompClient client = StompClient.connect(port, user.accessToken());
        clients.add(client);
        client.subscribe("/user/queue/events");
        client.subscribe("/topic/rooms/" + roomId);
        return client;
    }

    private long send(User user, long roomId, String content) {
        Response sent = api.sendRest(user, roomId, "m-" + System.nanoTime(), content);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        return sent.body().path("seq").asLong();
    }

    private Response reply(User user, long roomId, Object replyToSeq, String content) {
        return api.post("/api/v1/rooms/" + roomId + "/messages", user.accessToken(),
                Map.of("clientMsgId", "r-" + System.nanoTime(), "content", content, "replyToSeq", replyToSeq));
    }

    private JsonNode message(User user, long roomId, long seq) {
        return api.history(user, roomId, "afterSeq=" + (seq - 1) + "&limit=1").get(0);
    }

    private static String path(String emoji) {
        return URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    private Response react(User user, long roomId, long seq, String emoji) {
        return api.put("/api/v1/rooms/" + roomId + "/messages/" + seq + "/reactions/" + path(emoji), user.accessToken(), Map.of());
    }

    private Response unreact(User user, long roomId, long seq, String emoji) {
        return api.delete("/api/v1/rooms/" + roomId + "/messages/" + seq + "/reactions/" + path(emoji), user.accessToken());
    }

    private Response who(User user, long roomId, long seq) {
        return api.get("/api/v1/rooms/" + roomId + "/messages/" + seq + "/reactions", user.accessToken());
    }

    private Response pin(User user, long roomId, Object seq) {
        return api.put("/api/v1/rooms/" + roomId + "/notice", user.accessToken(), Map.of("seq", seq));
    }

    /** An empty object, not a missing field. */
    private static boolean isEmptyObject(JsonNode node) {
        return node.isObject() && node.isEmpty();
    }

    private static Map<String, Integer> counts(JsonNode node) {
        assertThat(node.isObject()).as("counts are an object: " + node).isTrue();
        Map<String, Integer> counts = new LinkedHashMap<>();
        node.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    // ---- replies -------------------------------------------------------------------------------------------

    @Test
    void aReplyQuotesItsOriginalAsItIsNowEditedThenDeleted() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long room = api.group(alice, "replies", bob);
        StompClient alicesSocket = stompInRoom(alice, room);
        String longText = "가나다라마".repeat(30) + "😀";
        long original = send(alice, room, longText);

        Response sent = reply(bob, room, original, "좋아요");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        long replySeq = sent.body().path("seq").asLong();
        JsonNode quote = sent.body().path("replyTo");
        assertThat(quote.path("seq").asLong()).isEqualTo(original);
        assertThat(quote.path("sender").path("id").asLong()).isEqualTo(alice.id());
        assertThat(quote.path("type").asString()).isEqualTo("TEXT");
        assertThat(quote.path("excerpt").asString()).isEqualTo(longText.substring(0, 100));
        assertThat(quote.path("deleted").asBoolean()).isFalse();
        // Live, the reply carries the same quote.
        JsonNode live = alicesSocket.awaitEvent("message", e -> e.path("message").path("seq").asLong() == replySeq).path("message");
        assertThat(live.path("replyTo")).isEqualTo(quote);
        // A message that answers none has no quote, and no reactions yet.
        JsonNode plain = message(bob, room, original);
        assertThat(plain.path("replyTo").isNull()).isTrue();
        assertThat(isEmptyObject(plain.path("reactions"))).isTrue();

        // The original is edited: views built from now on quote the new text; clients holding the reply hear of
        // the edit by the original's message_edited.
        assertThat(api.patch("/api/v1/rooms/" + room + "/messages/" + original, alice.accessToken(),
                Map.of("content", "수정된 원본")).status()).isEqualTo(200);
        assertThat(alicesSocket.awaitEvent("message_edited").path("message").path("seq").asLong()).isEqualTo(original);
        assertThat(message(bob, room, replySeq).path("replyTo").path("excerpt").asString()).isEqualTo("수정된 원본");
        assertThat(api.room(bob, room).path("lastMessage").path("replyTo").path("excerpt").asString()).isEqualTo("수정된 원본");

        // Deleted: the quote says so and shows nothing of it.
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + original, alice.accessToken()).status()).isEqualTo(200);
        JsonNode gone = message(bob, room, replySeq).path("replyTo");
        assertThat(gone.path("seq").asLong()).isEqualTo(original);
        assertThat(gone.path("deleted").asBoolean()).isTrue();
        assertThat(gone.path("excerpt").isNull()).isTrue();
        assertThat(message(alice, room, replySeq).path("content").asString()).isEqualTo("좋아요");

        // A deleted reply quotes nothing, as it shows nothing else.
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + replySeq, bob.accessToken()).status()).isEqualTo(200);
        assertThat(message(alice, room, replySeq).path("replyTo").isNull()).isTrue();
    }

    @Test
    void aReplySentOverStompIsAcknowledgedAndQuotedLive() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long room = api.group(alice, "stomp replies", bob);
        long original = send(alice, room, "내일 몇 시?");
        StompClient bobsSocket = stompInRoom(bob, room);
        StompClient alicesSocket = stompInRoom(alice, room);

        String receipt = bobsSocket.sendJson("/app/rooms/" + room + "/messages",
                "{\"clientMsgId\":\"stomp-reply\",\"type\":\"TEXT\",\"content\":\"9시\",\"replyToSeq\":" + original + "}");
        Frame ack = bobsSocket.awaitReceipt(receipt);
        long replySeq = Long.parseLong(ack.header("seq"));
        JsonNode event = alicesSocket.awaitEvent("message", e -> e.path("message").path("seq").asLong() == replySeq);
        assertThat(event.path("message").path("replyTo").path("seq").asLong()).isEqualTo(original);
        assertThat(event.path("message").path("replyTo").path("excerpt").asString()).isEqualTo("내일 몇 시?");
        assertThat(message(alice, room, replySeq).path("replyTo").path("sender").path("nickname").asString()).isEqualTo("Alice");

        // Refused over STOMP as over REST, with the frame's receipt and clientMsgId; nothing is stored.
        String bad = bobsSocket.sendJson("/app/rooms/" + room + "/messages",
                "{\"clientMsgId\":\"stomp-bad\",\"content\":\"?\",\"replyToSeq\":9999}");
        JsonNode error = bobsSocket.awaitEvent("error");
        assertThat(error.path("code").asString()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(error.path("receiptId").asString()).isEqualTo(bad);
        assertThat(error.path("clientMsgId").asString()).isEqualTo("stomp-bad");
        bobsSocket.sendJson("/app/rooms/" + room + "/messages", "{\"content\":\"?\",\"replyToSeq\":\"first\"}");
        assertThat(bobsSocket.awaitEvent("error").path("code").asString()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.room(alice, room).path("lastSeq").asLong()).isEqualTo(replySeq);
    }

    @Test
    void aReplyMustAnswerAMessageTheSenderSeesAndTheQuoteShowsOnlyWhatEachMemberSees() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User carol = api.newUser("Carol");
        User stranger = api.newUser("Stranger");
        long room = api.group(alice, "late joiner", bob);
        long beforeCarol = send(alice, room, "캐롤이 오기 전 이야기");
        assertThat(api.post("/api/v1/rooms/" + room + "/members", alice.accessToken(),
                Map.of("userIds", List.of(carol.id()))).status()).isEqualTo(204);
        long joinedNote = api.room(carol, room).path("lastSeq").asLong();
        long deleted = send(bob, room, "지울 메시지");
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + deleted, bob.accessToken()).status()).isEqualTo(200);
        long lastSeq = api.room(alice, room).path("lastSeq").asLong();

        // From before the replier joined: as if it did not exist.
        Response early = reply(carol, room, beforeCarol, "뭐라고?");
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.code()).isEqualTo("MESSAGE_NOT_FOUND");
        Response toSystem = reply(carol, room, joinedNote, "hi");
        assertThat(toSystem.status()).isEqualTo(400);
        assertThat(toSystem.code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(reply(alice, room, deleted, "?").code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(reply(alice, room, lastSeq + 10, "?").code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(reply(alice, room, 0, "?").code()).isEqualTo("INVALID_SEQ");
        assertThat(reply(alice, room, -3, "?").code()).isEqualTo("INVALID_SEQ");
        assertThat(reply(alice, room, "three", "?").code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(reply(stranger, room, beforeCarol, "?").code()).isEqualTo("NOT_A_MEMBER");
        assertThat(api.room(alice, room).path("lastSeq").asLong()).as("nothing stored").isEqualTo(lastSeq);

        // Alice quotes a message Carol never saw: Carol's copy names only its seq, live and in history.
        StompClient carolsSocket = stompInRoom(carol, room);
        StompClient bobsSocket = stompInRoom(bob, room);
        long replySeq = reply(alice, room, beforeCarol, "그 얘기 말이야").body().path("seq").asLong();
        JsonNode carolsLive = carolsSocket.awaitEvent("message", e -> e.path("message").path("seq").asLong() == replySeq)
                .path("message").path("replyTo");
        JsonNode bobsLive = bobsSocket.awaitEvent("message", e -> e.path("message").path("seq").asLong() == replySeq)
                .path("message").path("replyTo");
        assertThat(bobsLive.path("excerpt").asString()).isEqualTo("캐롤이 오기 전 이야기");
        for (JsonNode hidden : List.of(carolsLive, message(carol, room, replySeq).path("replyTo"),
                api.room(carol, room).path("lastMessage").path("replyTo"))) {
            assertThat(hidden.path("seq").asLong()).isEqualTo(beforeCarol);
            assertThat(hidden.path("sender").isNull()).isTrue();
            assertThat(hidden.path("type").isNull()).isTrue();
            assertThat(hidden.path("excerpt").isNull()).isTrue();
        }
        assertThat(message(bob, room, replySeq).path("replyTo").path("excerpt").asString()).isEqualTo("캐롤이 오기 전 이야기");
    }

    // ---- reactions -----------------------------------------------------------------------------------------

    @Test
    void reactionsAreAddedAndTakenBackOnceAndCountedLive() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long room = api.group(alice, "reactions", bob);
        long seq = send(alice, room, "토요일 등산 어때?");
        StompClient alicesSocket = stompInRoom(alice, room);

        Response added = react(bob, room, seq, THUMBS_UP);
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(counts(added.body().path("counts"))).containsExactly(Map.entry(THUMBS_UP, 1));
        assertThat(added.body().path("mine").get(0).asString()).isEqualTo(THUMBS_UP);
        JsonNode event = alicesSocket.awaitEvent("reactions");
        assertThat(event.path("roomId").asLong()).isEqualTo(room);
        assertThat(event.path("seq").asLong()).isEqualTo(seq);
        assertThat(event.path("userId").asLong()).isEqualTo(bob.id());
        assertThat(event.path("emoji").asString()).isEqualTo(THUMBS_UP);
        assertThat(event.path("added").asBoolean()).isTrue();
        assertThat(counts(event.path("counts"))).containsExactly(Map.entry(THUMBS_UP, 1));

        // Again: nothing changes and nothing is announced.
        assertThat(counts(react(bob, room, seq, THUMBS_UP).body().path("counts"))).containsExactly(Map.entry(THUMBS_UP, 1));
        // A heart without its variation selector is the listed heart; counts keep the order of the reaction set.
        Response heart = react(alice, room, seq, "❤");
        assertThat(heart.status()).isEqualTo(200);
        assertThat(heart.body().path("mine").get(0).asString()).isEqualTo(HEART);
        assertThat(counts(heart.body().path("counts"))).containsExactly(Map.entry(THUMBS_UP, 1), Map.entry(HEART, 1));
        assertThat(react(alice, room, seq, THUMBS_UP).status()).isEqualTo(200);
        JsonNode next = alicesSocket.awaitEvent("reactions");
        assertThat(next.path("emoji").asString()).as("no event for the repeat").isEqualTo(HEART);
        assertThat(alicesSocket.awaitEvent("reactions").path("counts").path(THUMBS_UP).asInt()).isEqualTo(2);

        JsonNode inHistory = message(bob, room, seq).path("reactions");
        assertThat(counts(inHistory)).containsExactly(Map.entry(THUMBS_UP, 2), Map.entry(HEART, 1));
        // History tells each member which reactions are their own, in the order of the reaction set.
        assertThat(strings(message(alice, room, seq).path("myReactions"))).containsExactly(THUMBS_UP, HEART);
        assertThat(strings(message(bob, room, seq).path("myReactions"))).containsExactly(THUMBS_UP);
        JsonNode whoReacted = who(bob, room, seq).body();
        assertThat(ids(whoReacted.path(THUMBS_UP))).containsExactly(bob.id(), alice.id());
        assertThat(ids(whoReacted.path(HEART))).containsExactly(alice.id());

        Response removed = unreact(bob, room, seq, THUMBS_UP);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("mine").isArray() && removed.body().path("mine").isEmpty()).isTrue();
        JsonNode taken = alicesSocket.awaitEvent("reactions");
        assertThat(taken.path("added").asBoolean()).isFalse();
        assertThat(taken.path("userId").asLong()).isEqualTo(bob.id());
        assertThat(counts(taken.path("counts"))).containsExactly(Map.entry(THUMBS_UP, 1), Map.entry(HEART, 1));
        // Taking back what is not there changes nothing.
        assertThat(unreact(bob, room, seq, THUMBS_UP).status()).isEqualTo(200);
        assertThat(unreact(alice, room, seq, HEART).status()).isEqualTo(200);
        assertThat(unreact(alice, room, seq, THUMBS_UP).status()).isEqualTo(200);
        assertThat(alicesSocket.awaitEvent("reactions").path("emoji").asString()).isEqualTo(HEART);
        assertThat(counts(alicesSocket.awaitEvent("reactions").path("counts"))).isEmpty();
        assertThat(alicesSocket.drain(Duration.ofMillis(300)).stream().filter(f -> f.isEvent("reactions"))).isEmpty();
        assertThat(isEmptyObject(message(bob, room, seq).path("reactions"))).isTrue();
        assertThat(message(alice, room, seq).path("myReactions").isArray()).isTrue();
        assertThat(strings(message(alice, room, seq).path("myReactions"))).isEmpty();
        assertThat(isEmptyObject(who(alice, room, seq).body())).isTrue();

        // Deleting a message takes its reactions with it.
        assertThat(react(bob, room, seq, "😂").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + seq, alice.accessToken()).status()).isEqualTo(200);
        JsonNode tombstone = message(bob, room, seq);
        assertThat(isEmptyObject(tombstone.path("reactions"))).isTrue();
        assertThat(isEmptyObject(who(bob, room, seq).body())).isTrue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(s -> strings.add(s.asString()));
        return strings;
    }

    @Test
    void theReactionSetIsPublishedForClientsToOffer() {
        User alice = api.newUser("Alice");
        Response set = api.get("/api/v1/reactions", alice.accessToken());
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        List<String> emojis = new ArrayList<>();
        set.body().path("emojis").forEach(e -> emojis.add(e.asString()));
        assertThat(emojis).containsExactly(THUMBS_UP, HEART, "😂", "😮", "😢", "🙏");
        // Every emoji offered is one the server takes.
        long room = api.group(alice, "set");
        long seq = send(alice, room, "pick one");
        for (String emoji : emojis) {
            assertThat(react(alice, room, seq, emoji).status()).as(emoji).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/reactions", null).status()).as("signed in only").isEqualTo(401);
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asLong()));
        return ids;
    }

    @Test
    void manyMembersReactingAtOnceAreAllCounted() throws Exception {
        User owner = api.newUser("Owner");
        List<User> members = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            members.add(api.newUser("Member" + i));
        }
        long room = api.group(owner, "crowd", members.toArray(User[]::new));
        long seq = send(owner, room, "단체 사진 올렸어요");
        StompClient ownersSocket = stompInRoom(owner, room);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // Everyone at once: a thumbs-up from each, a heart from every other one.
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                User member = members.get(i);
                calls.add(CompletableFuture.supplyAsync(() -> react(member, room, seq, THUMBS_UP), pool));
                if (i % 2 == 0) {
                    calls.add(CompletableFuture.supplyAsync(() -> react(member, room, seq, HEART), pool));
                }
            }
            for (CompletableFuture<Response> call : calls) {
                assertThat(call.get().status()).as(call.get().toString()).isEqualTo(200);
            }
            assertThat(counts(message(owner, room, seq).path("reactions")))
                    .containsExactly(Map.entry(THUMBS_UP, 16), Map.entry(HEART, 8));
            assertThat(ids(who(owner, room, seq).body().path(THUMBS_UP)))
                    .containsExactlyInAnyOrderElementsOf(members.stream().map(User::id).toList());
            // One event per change, in the room's order: the counts only ever grow here, one at a time.
            List<Integer> totals = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                JsonNode event = ownersSocket.awaitEvent("reactions");
                totals.add(counts(event.path("counts")).values().stream().mapToInt(Integer::intValue).sum());
            }
            assertThat(totals).isSorted().startsWith(1).endsWith(24).doesNotHaveDuplicates();

            // And all take theirs back at once.
            List<CompletableFuture<Response>> back = new ArrayList<>();
            for (User member : members) {
                back.add(CompletableFuture.supplyAsync(() -> unreact(member, room, seq, THUMBS_UP), pool));
            }
            for (CompletableFuture<Response> call : back) {
                assertThat(call.get().status()).isEqualTo(200);
            }
            assertThat(counts(message(owner, room, seq).path("reactions"))).containsExactly(Map.entry(HEART, 8));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reactionsAreRefusedWhereTheyDoNotBelongAndStoreNothing() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User carol = api.newUser("Carol");
        User stranger = api.newUser("Stranger");
        User dora = api.newUser("Dora");
        long room = api.group(alice, "refusals", bob, dora);
        long before = send(alice, room, "캐롤 오기 전");
        assertThat(api.post("/api/v1/rooms/" + room + "/members", alice.accessToken(),
                Map.of("userIds", List.of(carol.id()))).status()).isEqualTo(204);
        long systemNote = api.room(alice, room).path("lastSeq").asLong();
        long seq = send(alice, room, "반응해 줘");
        long deleted = send(alice, room, "곧 지움");
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + deleted, alice.accessToken()).status()).isEqualTo(200);

        Response outsider = react(stranger, room, seq, THUMBS_UP);
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.code()).isEqualTo("NOT_A_MEMBER");
        assertThat(who(stranger, room, seq).code()).isEqualTo("NOT_A_MEMBER");
        assertThat(unreact(stranger, room, seq, THUMBS_UP).code()).isEqualTo("NOT_A_MEMBER");
        for (String unknown : List.of("🦄", "x", "👍👍", "thumbs_up", " ")) {
            Response refused = react(bob, room, seq, unknown);
            assertThat(refused.status()).as(unknown).isEqualTo(400);
            assertThat(refused.code()).as(unknown).isEqualTo("UNKNOWN_REACTION");
        }
        assertThat(react(carol, room, before, THUMBS_UP).code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(who(carol, room, before).code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(react(bob, room, systemNote, THUMBS_UP).code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(react(bob, room, deleted, THUMBS_UP).code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(react(bob, room, 9999, THUMBS_UP).code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(react(bob, room, 0, THUMBS_UP).code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(api.put("/api/v1/rooms/" + room + "/messages/abc/reactions/" + path(THUMBS_UP), bob.accessToken(), Map.of())
                .code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(react(bob, 987654321L, 1, THUMBS_UP).code()).isEqualTo("ROOM_NOT_FOUND");
        assertThat(isEmptyObject(message(alice, room, seq).path("reactions"))).as("nothing stored").isTrue();
        assertThat(isEmptyObject(who(alice, room, seq).body())).isTrue();

        // Rate-limited per user (30 an hour in this test), adds and removals together.
        int accepted = 0;
        Response last = null;
        for (int i = 0; i < 31; i++) {
            last = i % 2 == 0 ? react(dora, room, seq, "😮") : unreact(dora, room, seq, "😮");
            if (last.status() == 200) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(30);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("RATE_LIMITED");
        assertThat(react(alice, room, seq, THUMBS_UP).status()).as("others react on").isEqualTo(200);
    }

    // ---- the notice ----------------------------------------------------------------------------------------

    @Test
    void theOwnerOrAManagerPinsANoticeThatEveryMemberSeesLive() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User stranger = api.newUser("Stranger");
        long room = api.group(alice, "notice", bob);
        long seq = send(bob, room, "회비는 3만원입니다");
        long other = send(alice, room, "모임 장소는 강남역");
        StompClient bobsSocket = stompInRoom(bob, room);
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", bob.accessToken()).code()).isEqualTo("NOTICE_NOT_FOUND");
        assertThat(api.room(bob, room).path("notice").isNull()).isTrue();

        Response pinned = pin(alice, room, seq);
        assertThat(pinned.status()).as(pinned.toString()).isEqualTo(200);
        assertThat(pinned.body().path("seq").asLong()).isEqualTo(seq);
        assertThat(pinned.body().path("excerpt").asString()).isEqualTo("회비는 3만원입니다");
        assertThat(pinned.body().path("pinnedBy").path("id").asLong()).isEqualTo(alice.id());
        assertThat(pinned.body().path("pinnedAt").isNull()).isFalse();

        // Live: the notice, then the SYSTEM message that records it, then the pinner's read of it.
        JsonNode event = bobsSocket.awaitEvent("notice");
        assertThat(event.path("change").asString()).isEqualTo("pinned");
        assertThat(event.path("actorId").asLong()).isEqualTo(alice.id());
        assertThat(event.path("notice")).isEqualTo(pinned.body());
        JsonNode note = bobsSocket.awaitEvent("message").path("message");
        assertThat(note.path("type").asString()).isEqualTo("SYSTEM");
        assertThat(note.path("content").asString()).isEqualTo("Alice pinned a notice");
        assertThat(note.path("system").path("event").asString()).isEqualTo("NOTICE_PINNED");
        assertThat(note.path("system").path("actorId").asLong()).isEqualTo(alice.id());
        assertThat(note.path("system").path("seq").asLong()).isEqualTo(seq);
        JsonNode read = bobsSocket.awaitEvent("read");
        assertThat(read.path("userId").asLong()).isEqualTo(alice.id());
        assertThat(read.path("seq").asLong()).isEqualTo(note.path("seq").asLong());
        assertThat(api.room(alice, room).path("unreadCount").asLong()).as("the pinner read their own note").isZero();

        // Everywhere a member looks: the notice call, the room, the room list.
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", bob.accessToken()).body()).isEqualTo(pinned.body());
        assertThat(api.room(bob, room).path("notice")).isEqualTo(pinned.body());
        JsonNode listed = null;
        for (JsonNode r : api.get("/api/v1/rooms", bob.accessToken()).body()) {
            if (r.path("id").asLong() == room) {
                listed = r;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("notice")).isEqualTo(pinned.body());

        // Only the owner and managers pin or unpin; outsiders are not told anything.
        Response notManager = pin(bob, room, other);
        assertThat(notManager.status()).isEqualTo(403);
        assertThat(notManager.code()).isEqualTo("NOT_MANAGER");
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", bob.accessToken()).code()).isEqualTo("NOT_MANAGER");
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", bob.accessToken()).body()).isEqualTo(pinned.body());
        assertThat(pin(stranger, room, seq).code()).isEqualTo("NOT_A_MEMBER");
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", stranger.accessToken()).code()).isEqualTo("NOT_A_MEMBER");
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", stranger.accessToken()).code()).isEqualTo("NOT_A_MEMBER");

        // Pinning it again changes nothing; the sender's edit shows in the notice, live and after.
        long lastSeq = api.room(alice, room).path("lastSeq").asLong();
        assertThat(pin(alice, room, seq).body()).isEqualTo(pinned.body());
        assertThat(api.room(alice, room).path("lastSeq").asLong()).isEqualTo(lastSeq);
        assertThat(api.patch("/api/v1/rooms/" + room + "/messages/" + seq, bob.accessToken(),
                Map.of("content", "회비는 4만원입니다")).status()).isEqualTo(200);
        JsonNode edited = bobsSocket.awaitEvent("notice");
        assertThat(edited.path("change").asString()).isEqualTo("edited");
        assertThat(edited.path("notice").path("excerpt").asString()).isEqualTo("회비는 4만원입니다");
        assertThat(api.room(bob, room).path("notice").path("excerpt").asString()).isEqualTo("회비는 4만원입니다");

        // Another pin replaces it; unpinning takes it down, and again changes nothing.
        assertThat(pin(alice, room, other).body().path("seq").asLong()).isEqualTo(other);
        assertThat(bobsSocket.awaitEvent("notice").path("notice").path("seq").asLong()).isEqualTo(other);
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", alice.accessToken()).status()).isEqualTo(204);
        JsonNode unpinned = bobsSocket.awaitEvent("notice");
        assertThat(unpinned.path("change").asString()).isEqualTo("unpinned");
        assertThat(unpinned.path("notice").isNull()).isTrue();
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", bob.accessToken()).code()).isEqualTo("NOTICE_NOT_FOUND");
        assertThat(api.room(bob, room).path("notice").isNull()).isTrue();
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", alice.accessToken()).status()).isEqualTo(204);
        assertThat(bobsSocket.drain(Duration.ofMillis(300)).stream().filter(f -> f.isEvent("notice"))).isEmpty();

        // A manager pins and unpins as the owner does.
        assertThat(api.put("/api/v1/rooms/" + room + "/managers/" + bob.id(), alice.accessToken(), Map.of()).status())
                .isEqualTo(204);
        assertThat(pin(bob, room, other).body().path("pinnedBy").path("id").asLong()).isEqualTo(bob.id());
        assertThat(api.room(alice, room).path("notice").path("seq").asLong()).isEqualTo(other);
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", bob.accessToken()).status()).isEqualTo(204);
        assertThat(api.room(alice, room).path("notice").isNull()).isTrue();
    }

    @Test
    void deletingThePinnedMessageTakesTheNoticeDownAndNewMembersSeeNoEarlierNotice() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User carol = api.newUser("Carol");
        long room = api.group(alice, "deleted notice", bob);
        long seq = send(bob, room, "이번 주 공지");
        assertThat(pin(alice, room, seq).status()).isEqualTo(200);

        // Carol joins after the notice's message: she sees no notice, as she sees no message from before.
        assertThat(api.post("/api/v1/rooms/" + room + "/members", alice.accessToken(),
                Map.of("userIds", List.of(carol.id()))).status()).isEqualTo(204);
        assertThat(api.room(carol, room).path("notice").isNull()).isTrue();
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", carol.accessToken()).code()).isEqualTo("NOTICE_NOT_FOUND");
        assertThat(api.room(bob, room).path("notice").path("seq").asLong()).isEqualTo(seq);

        StompClient alicesSocket = stompInRoom(alice, room);
        StompClient carolsSocket = stompInRoom(carol, room);
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + seq, bob.accessToken()).status()).isEqualTo(200);
        assertThat(alicesSocket.awaitEvent("message_deleted").path("message").path("seq").asLong()).isEqualTo(seq);
        JsonNode down = alicesSocket.awaitEvent("notice");
        assertThat(down.path("change").asString()).isEqualTo("unpinned");
        assertThat(down.path("notice").isNull()).isTrue();
        assertThat(down.path("actorId").asLong()).isEqualTo(bob.id());
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", alice.accessToken()).code()).isEqualTo("NOTICE_NOT_FOUND");
        assertThat(api.room(bob, room).path("notice").isNull()).isTrue();
        // Carol never heard of the message, only that there is no notice now.
        assertThat(carolsSocket.awaitEvent("notice").path("notice").isNull()).isTrue();
        assertThat(carolsSocket.drain(Duration.ofMillis(300)).stream().filter(f -> f.isEvent("message_deleted"))).isEmpty();

        // Neither a deleted message nor a SYSTEM one can be pinned; bad bodies are typed; nothing was stored.
        long lastSeq = api.room(alice, room).path("lastSeq").asLong();
        assertThat(pin(alice, room, seq).code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(pin(alice, room, 1).code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(pin(alice, room, 9999).code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(pin(alice, room, 0).code()).isEqualTo("INVALID_SEQ");
        assertThat(pin(alice, room, "first").code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.put("/api/v1/rooms/" + room + "/notice", alice.accessToken(), Map.of()).code()).isEqualTo("INVALID_SEQ");
        assertThat(api.put("/api/v1/rooms/" + room + "/notice", alice.accessToken(), List.of(1)).code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.get("/api/v1/rooms/" + room + "/notice", alice.accessToken()).code()).isEqualTo("NOTICE_NOT_FOUND");
        assertThat(api.room(alice, room).path("lastSeq").asLong()).isEqualTo(lastSeq);
    }

    @Test
    void inADirectRoomEitherPersonPins() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long room = api.direct(alice, bob);
        long seq = send(alice, room, "주소: 서울시 …");
        Response pinned = pin(bob, room, seq);
        assertThat(pinned.status()).as(pinned.toString()).isEqualTo(200);
        assertThat(api.room(alice, room).path("notice").path("pinnedBy").path("id").asLong()).isEqualTo(bob.id());
        assertThat(api.delete("/api/v1/rooms/" + room + "/notice", alice.accessToken()).status()).isEqualTo(204);
        assertThat(api.room(bob, room).path("notice").isNull()).isTrue();
    }
}

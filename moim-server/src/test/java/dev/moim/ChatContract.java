package dev.moim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.RawHttp;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moim's behaviour through its public protocol: REST over HTTP and STOMP over a real WebSocket.
 * Runs once per store adapter (H2, PostgreSQL), each subclass pointing the server at its database.
 * Every user here signs up from 127.0.0.1, so the per-address sign-up limit is raised deliberately.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.auth.signups-per-ip.count=10000")
abstract class ChatContract {

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

    StompClient stomp(User user) {
        StompClient client = StompClient.connect(port, user.accessToken());
        clients.add(client);
        return client;
    }

    StompClient stompInRoom(User user, long roomId) {
        StompClient client = stomp(user);
        client.subscribe("/user/queue/events");
        client.subscribe("/topic/rooms/" + roomId);
        return client;
    }

    // ---- accounts ------------------------------------------------------------------------------------------

    @Test
    void signUpLogInRefreshRotateAndLogOut() {
        Response signup = api.post("/api/v1/auth/signup", null,
                Map.of("email", "Mina-" + System.nanoTime() + "@Example.com", "password", "s3cret-pass", "nickname", "Mina"));
        assertThat(signup.status()).isEqualTo(201);
        String email = signup.body().path("email").asString();
        assertThat(email).isEqualTo(email.toLowerCase());
        assertThat(signup.body().has("password")).isFalse();

        Response taken = api.post("/api/v1/auth/signup", null, Map.of("email", email, "password", "another-pass", "nickname", "M2"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("EMAIL_TAKEN");
        assertThat(taken.contentType()).startsWith("application/problem+json");

        Response invalid = api.post("/api/v1/auth/signup", null, Map.of("email", "not-an-email", "password", "short", "nickname", ""));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(invalid.body().path("fields").has("email")).isTrue();
        assertThat(invalid.body().path("fields").has("password")).isTrue();

        Response longKorean = api.post("/api/v1/auth/signup", null,
                Map.of("email", "k-" + System.nanoTime() + "@example.com", "password", "비밀번호".repeat(10), "nickname", "K"));
        assertThat(longKorean.code()).isEqualTo("VALIDATION_FAILED");

        Response wrong = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "wrong-password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("INVALID_CREDENTIALS");

        Response login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "s3cret-pass"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().path("expiresIn").asLong()).isBetween(1L, 15 * 60L);
        String access = login.body().path("accessToken").asString();
        String refresh = login.body().path("refreshToken").asString();
        assertThat(api.get("/api/v1/users/me", access).body().path("email").asString()).isEqualTo(email);

        Response rotated = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
        assertThat(rotated.status()).isEqualTo(200);
        String refresh2 = rotated.body().path("refreshToken").asString();
        assertThat(refresh2).isNotEqualTo(refresh);
        assertThat(api.get("/api/v1/users/me", rotated.body().path("accessToken").asString()).status()).isEqualTo(200);

        // Replaying the spent token means it leaked: the whole family dies, including the fresh one.
        Response reused = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.code()).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh2)).code()).isEqualTo("REFRESH_TOKEN_INVALID");

        // Log-out revokes a new session's refresh token.
        Response again = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "s3cret-pass"));
        String refresh3 = again.body().path("refreshToken").asString();
        assertThat(api.post("/api/v1/auth/logout", null, Map.of("refreshToken", refresh3)).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh3)).status()).isEqualTo(401);
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() {
        Response none = api.get("/api/v1/rooms", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
        Response forged = api.get("/api/v1/rooms", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged");
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void profileAndFindingPeople() {
        User mina = api.newUser("Mina");
        User jun = api.newUser("Junho");
        Response updated = api.patch("/api/v1/users/me", jun.accessToken(), Map.of("nickname", "준호", "statusMessage", "회의 중"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("nickname").asString()).isEqualTo("준호");

        Response byEmail = api.get("/api/v1/users?q=" + jun.email().toUpperCase(), mina.accessToken());
        assertThat(byEmail.body().size()).isEqualTo(1);
        assertThat(byEmail.body().get(0).path("id").asLong()).isEqualTo(jun.id());
        assertThat(byEmail.body().get(0).path("statusMessage").asString()).isEqualTo("회의 중");
        assertThat(byEmail.body().get(0).has("email")).isFalse();

        Response byNickname = api.get("/api/v1/users?q=" + java.net.URLEncoder.encode("준", java.nio.charset.StandardCharsets.UTF_8),
                mina.accessToken());
        assertThat(byNickname.body().findValues("id").stream().map(JsonNode::asLong)).contains(jun.id());
        assertThat(api.get("/api/v1/users?q=", mina.accessToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/users/999999999", mina.accessToken()).code()).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void theRestApiIsDescribedByOpenApiAndSwaggerUi() {
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/v1/rooms/{roomId}/messages")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/auth/login")).isTrue();
        assertThat(docs.body().path("components").path("securitySchemes").has("bearer")).isTrue();
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    // ---- rooms -------------------------------------------------------------------------------------------

    @Test
    void aDirectRoomIsOnePerPair() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        Response first = api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(b.id())));
        assertThat(first.status()).isEqualTo(201);
        long roomId = first.body().path("id").asLong();
        assertThat(first.body().path("peer").path("id").asLong()).isEqualTo(b.id());

        Response again = api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(b.id())));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asLong()).isEqualTo(roomId);
        Response fromOtherSide = api.post("/api/v1/rooms", b.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(a.id())));
        assertThat(fromOtherSide.body().path("id").asLong()).isEqualTo(roomId);
        assertThat(fromOtherSide.body().path("peer").path("nickname").asString()).isEqualTo("Ara");

        User c = api.newUser("Chan");
        // A double click: two requests for the same new pair at once make one room.
        List<Response> racing = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> clicks = List.of(1, 2).stream().map(i -> Thread.ofVirtual().start(() -> racing.add(
                api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(c.id())))))).toList();
        for (Thread click : clicks) {
            try {
                click.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(racing.stream().map(Response::status)).containsExactlyInAnyOrder(200, 201);
        assertThat(racing.stream().map(r -> r.body().path("id").asLong()).distinct()).hasSize(1);

        Response three = api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(b.id(), c.id())));
        assertThat(three.code()).isEqualTo("VALIDATION_FAILED");
        Response alone = api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(a.id())));
        assertThat(alone.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/rooms/" + roomId + "/leave", a.accessToken(), null).code()).isEqualTo("OPERATION_NOT_ALLOWED");
    }

    @Test
    void aDirectChatIsLiveAndReadReceiptsReachTheSender() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(b.id())))
                .body().path("id").asLong();
        StompClient alice = stompInRoom(a, roomId);
        StompClient bob = stompInRoom(b, roomId);

        String receipt = alice.sendMessage(roomId, "dm-1", "밥 먹었어?");
        Frame ack = alice.awaitReceipt(receipt);
        assertThat(ack.header("seq")).isEqualTo("1");
        JsonNode received = bob.awaitEvent("message").path("message");
        assertThat(received.path("seq").asLong()).isEqualTo(1);
        assertThat(received.path("content").asString()).isEqualTo("밥 먹었어?");
        assertThat(received.path("sender").path("nickname").asString()).isEqualTo("Ara");
        assertThat(received.path("unreadCount").asInt()).isEqualTo(1);
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isEqualTo(1);

        String read = bob.sendJson("/app/rooms/" + roomId + "/read", "{\"seq\":1}");
        bob.awaitReceipt(read);
        JsonNode readEvent = alice.awaitEvent("read");
        assertThat(readEvent.path("userId").asLong()).isEqualTo(b.id());
        assertThat(readEvent.path("fromSeq").asLong()).isEqualTo(0);
        assertThat(readEvent.path("seq").asLong()).isEqualTo(1);
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isZero();
        assertThat(api.history(a, roomId, "").get(0).path("unreadCount").asInt()).isZero();
    }

    @Test
    void sendingReadsTheRoomUpToTheMessageAndItsEventSaysFromWhere() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User c = api.newUser("Chan");
        long roomId = api.group(a, "읽음 표시", b, c);
        StompClient alice = stompInRoom(a, roomId);
        StompClient chan = stompInRoom(c, roomId);

        // seq 1 is the "created" system message, which the owner has read.
        alice.awaitReceipt(alice.sendMessage(roomId, "f-1", "하나"));
        JsonNode first = alice.awaitEvent("message", e -> e.path("message").path("seq").asLong() == 2);
        assertThat(first.path("senderReadFrom").asLong()).isEqualTo(1);
        api.sendRest(b, roomId, "f-2", "둘");

        // Chan has read nothing; sending, he reads 1 to 4 at once, and his message's event says from where.
        chan.awaitReceipt(chan.sendMessage(roomId, "f-3", "셋"));
        JsonNode third = alice.awaitEvent("message", e -> e.path("message").path("seq").asLong() == 4);
        assertThat(third.path("senderReadFrom").asLong()).isZero();
        assertThat(third.path("message").path("unreadCount").asInt()).isEqualTo(2);
        assertThat(api.room(c, roomId).path("lastReadSeq").asLong()).isEqualTo(4);
        assertThat(api.room(c, roomId).path("unreadCount").asLong()).isZero();
        JsonNode history = api.history(a, roomId, "afterSeq=1");
        assertThat(history.get(0).path("unreadCount").asInt()).as("seq 2: Bora and Chan read it by sending").isZero();
        assertThat(history.get(1).path("unreadCount").asInt()).as("seq 3: only Ara").isEqualTo(1);

        // No read event of its own: the next event after Chan's message is the next message.
        alice.awaitReceipt(alice.sendMessage(roomId, "f-4", "넷"));
        JsonNode fourth = alice.awaitEvent("message", e -> e.path("message").path("seq").asLong() == 5);
        assertThat(fourth.path("senderReadFrom").asLong()).isEqualTo(2);
        assertThat(alice.drain(Duration.ZERO)).noneMatch(f -> f.isEvent("read"));
        // An edit is not a new message: nothing to say about reading.
        assertThat(api.patch("/api/v1/rooms/" + roomId + "/messages/5", a.accessToken(), Map.of("content", "넷!")).status())
                .isEqualTo(200);
        assertThat(alice.awaitEvent("message_edited").path("senderReadFrom").isNull()).isTrue();
    }

    @Test
    void aGroupChatKeepsUnreadCountsRightAsMembersRead() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User c = api.newUser("Chan");
        long roomId = api.group(a, "등산 모임", b, c);
        StompClient alice = stompInRoom(a, roomId);
        StompClient bob = stompInRoom(b, roomId);
        StompClient chan = stompInRoom(c, roomId);

        // seq 1 is the "created" system message; the owner has read it, the others have not.
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isEqualTo(1);
        alice.awaitReceipt(alice.sendMessage(roomId, "g-1", "토요일 7시 출발"));
        for (StompClient member : List.of(alice, bob, chan)) {
            JsonNode message = member.awaitEvent("message").path("message");
            assertThat(message.path("seq").asLong()).isEqualTo(2);
            assertThat(message.path("unreadCount").asInt()).isEqualTo(2);
        }
        assertThat(api.room(a, roomId).path("unreadCount").asLong()).isZero();
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isEqualTo(2);
        assertThat(api.room(c, roomId).path("unreadCount").asLong()).isEqualTo(2);

        // Bob reads: one read event tells everyone, and the message's count drops to 1.
        assertThat(api.post("/api/v1/rooms/" + roomId + "/read", b.accessToken(), Map.of("seq", 2)).status()).isEqualTo(204);
        for (StompClient member : List.of(alice, chan)) {
            JsonNode read = member.awaitEvent("read");
            assertThat(read.path("userId").asLong()).isEqualTo(b.id());
            assertThat(read.path("fromSeq").asLong()).isZero();
            assertThat(read.path("seq").asLong()).isEqualTo(2);
        }
        JsonNode history = api.history(c, roomId, "");
        assertThat(history.get(1).path("unreadCount").asInt()).isEqualTo(1);
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isZero();

        // Reading backwards changes nothing.
        assertThat(api.post("/api/v1/rooms/" + roomId + "/read", b.accessToken(), Map.of("seq", 1)).status()).isEqualTo(204);
        assertThat(api.room(b, roomId).path("lastReadSeq").asLong()).isEqualTo(2);

        // Bob replies: he has read his own message, Ara and Chan have not.
        bob.awaitReceipt(bob.sendMessage(roomId, "g-2", "좋아요"));
        assertThat(alice.awaitEvent("message").path("message").path("unreadCount").asInt()).isEqualTo(2);
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isZero();

        // Chan catches up on everything: both messages lose a reader.
        chan.awaitReceipt(chan.sendJson("/app/rooms/" + roomId + "/read", "{\"seq\":3}"));
        JsonNode chanRead = alice.awaitEvent("read", e -> e.path("userId").asLong() == c.id());
        assertThat(chanRead.path("fromSeq").asLong()).isZero();
        assertThat(chanRead.path("seq").asLong()).isEqualTo(3);
        JsonNode after = api.history(a, roomId, "afterSeq=1");
        assertThat(after.get(0).path("unreadCount").asInt()).isZero();
        assertThat(after.get(1).path("unreadCount").asInt()).isEqualTo(1);

        // My rooms: most recent activity first, with the last message as preview.
        long quiet = api.group(a, "조용한 방", b);
        JsonNode rooms = api.get("/api/v1/rooms", a.accessToken()).body();
        assertThat(rooms.get(0).path("id").asLong()).isEqualTo(quiet);
        api.sendRest(b, roomId, "g-3", "늦지 마세요");
        rooms = api.get("/api/v1/rooms", a.accessToken()).body();
        assertThat(rooms.get(0).path("id").asLong()).isEqualTo(roomId);
        assertThat(rooms.get(0).path("unreadCount").asLong()).isEqualTo(2);
        assertThat(rooms.get(0).path("lastMessage").path("content").asString()).isEqualTo("늦지 마세요");
    }

    @Test
    void aResendWithTheSameClientMsgIdReturnsTheOriginal() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "resend", b);
        StompClient alice = stompInRoom(a, roomId);

        alice.awaitReceipt(alice.sendMessage(roomId, "same-id", "once"));
        JsonNode original = alice.awaitEvent("message").path("message");
        Frame second = alice.awaitReceipt(alice.sendMessage(roomId, "same-id", "once"));
        assertThat(second.header("seq")).isEqualTo(original.path("seq").asString());

        Response rest = api.sendRest(a, roomId, "same-id", "once");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body().path("id").asString()).isEqualTo(original.path("id").asString());

        // Two resends racing in one group commit still store one message.
        String r1 = alice.sendMessage(roomId, "burst-id", "twice?");
        String r2 = alice.sendMessage(roomId, "burst-id", "twice?");
        assertThat(alice.awaitReceipt(r1).header("seq")).isEqualTo(alice.awaitReceipt(r2).header("seq"));

        // The same clientMsgId in another room is a client bug, not a resend: refused, nothing stored.
        long other = api.group(a, "other", b);
        Response reused = api.sendRest(a, other, "same-id", "once");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.code()).isEqualTo("CLIENT_MSG_ID_REUSED");
        assertThat(api.history(a, other, "")).hasSize(1);

        JsonNode history = api.history(a, roomId, "afterSeq=1");
        assertThat(history.findValues("clientMsgId").stream().map(JsonNode::asString)).containsExactly("same-id", "burst-id");
        assertThat(alice.drain(Duration.ofMillis(300)).stream().filter(f -> f.isEvent("message")).count()).isEqualTo(1);
    }

    @Test
    void aClientThatReconnectsCatchesUpWithNothingMissedOrDoubled() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "catch-up", b);
        StompClient alice = stompInRoom(a, roomId);
        StompClient bob = stompInRoom(b, roomId);

        alice.awaitReceipt(alice.sendMessage(roomId, "c-1", "before the tunnel"));
        long lastSeen = bob.awaitEvent("message").path("message").path("seq").asLong();
        bob.drop();

        for (int i = 2; i <= 6; i++) {
            alice.awaitReceipt(alice.sendMessage(roomId, "c-" + i, "while away " + i));
        }

        StompClient back = stompInRoom(b, roomId);
        alice.awaitReceipt(alice.sendMessage(roomId, "c-7", "after reconnect"));
        JsonNode live = back.awaitEvent("message").path("message");

        List<Long> seqs = new ArrayList<>();
        long after = lastSeen;
        while (true) {
            Response page = api.get("/api/v1/rooms/" + roomId + "/messages?afterSeq=" + after + "&limit=2", b.accessToken());
            page.body().path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
            if (!page.body().path("hasMore").asBoolean()) {
                break;
            }
            after = seqs.getLast();
        }
        // History and the live stream together: every seq exactly once, in order.
        Set<Long> all = new TreeSet<>(seqs);
        all.add(live.path("seq").asLong());
        assertThat(seqs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(all).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4, lastSeen + 5, lastSeen + 6);

        // Paging backwards from the newest gives the same messages.
        JsonNode older = api.history(b, roomId, "beforeSeq=" + (lastSeen + 3) + "&limit=2");
        assertThat(older.findValues("seq").stream().map(JsonNode::asLong)).containsExactly(lastSeen + 1, lastSeen + 2);
    }

    @Test
    void ownershipPassesToTheLongestStandingMemberAndTheLastOneOutClosesTheRoom() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User c = api.newUser("Chan");
        User d = api.newUser("Dami");
        long roomId = api.group(a, "succession", b);
        assertThat(api.post("/api/v1/rooms/" + roomId + "/members", b.accessToken(), Map.of("userIds", List.of(c.id(), d.id())))
                .status()).isEqualTo(204);
        StompClient chan = stompInRoom(c, roomId);
        // A newcomer sees history from their joining on: the invitation, not what came before.
        JsonNode seen = api.history(c, roomId, "");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).path("system").path("event").asString()).isEqualTo("JOINED");

        assertThat(api.post("/api/v1/rooms/" + roomId + "/leave", a.accessToken(), null).status()).isEqualTo(204);
        JsonNode left = chan.awaitEvent("message").path("message");
        assertThat(left.path("type").asString()).isEqualTo("SYSTEM");
        assertThat(left.path("system").path("event").asString()).isEqualTo("LEFT");
        JsonNode owner = chan.awaitEvent("message").path("message");
        assertThat(owner.path("system").path("event").asString()).isEqualTo("OWNER_CHANGED");
        assertThat(owner.path("system").path("userIds").get(0).asLong()).isEqualTo(b.id());
        assertThat(api.room(c, roomId).path("ownerId").asLong()).isEqualTo(b.id());
        assertThat(api.get("/api/v1/rooms/" + roomId + "/messages", a.accessToken()).code()).isEqualTo("NOT_A_MEMBER");

        // Only the owner (or a manager, of whom this room has none) kicks; the kicked member is told and loses access.
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/members/" + d.id(), c.accessToken()).code()).isEqualTo("NOT_MANAGER");
        StompClient dami = stompInRoom(d, roomId);
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/members/" + d.id(), b.accessToken()).status()).isEqualTo(204);
        // The one who acted has read the room up to their own system message, and the others are told.
        JsonNode actorRead = chan.awaitEvent("read", e -> e.path("userId").asLong() == b.id());
        assertThat(actorRead.path("seq").asLong()).isEqualTo(owner.path("seq").asLong());
        assertThat(api.room(b, roomId).path("unreadCount").asLong()).isZero();
        assertThat(api.room(b, roomId).path("lastMessage").path("unreadCount").asInt()).isEqualTo(1);
        JsonNode removed = dami.awaitEvent("room_removed");
        assertThat(removed.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(removed.path("reason").asString()).isEqualTo("kicked");
        assertThat(api.get("/api/v1/rooms/" + roomId + "/messages", d.accessToken()).code()).isEqualTo("NOT_A_MEMBER");
        api.sendRest(c, roomId, "after-kick", "Dami must not see this");
        chan.awaitEvent("message", e -> e.path("message").path("clientMsgId").asString().equals("after-kick"));
        assertThat(dami.drain(Duration.ofMillis(300)).stream().filter(f -> f.isEvent("message"))
                .map(f -> f.json().path("message").path("clientMsgId").asString())).doesNotContain("after-kick");

        // Handing over, then everyone leaving: the last one out closes the room.
        assertThat(api.put("/api/v1/rooms/" + roomId + "/owner", b.accessToken(), Map.of("userId", c.id())).status()).isEqualTo(204);
        assertThat(api.room(b, roomId).path("ownerId").asLong()).isEqualTo(c.id());
        assertThat(api.put("/api/v1/rooms/" + roomId + "/owner", b.accessToken(), Map.of("userId", b.id())).code()).isEqualTo("NOT_OWNER");
        api.post("/api/v1/rooms/" + roomId + "/leave", b.accessToken(), null);
        assertThat(api.post("/api/v1/rooms/" + roomId + "/leave", c.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/rooms/" + roomId, c.accessToken()).code()).isEqualTo("ROOM_NOT_FOUND");
        assertThat(api.get("/api/v1/rooms", c.accessToken()).body().findValues("id").stream().map(JsonNode::asLong))
                .doesNotContain(roomId);
    }

    @Test
    void invitationsRespectTheMemberLimit() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User c = api.newUser("Chan");
        Response room = api.post("/api/v1/rooms", a.accessToken(),
                Map.of("type", "GROUP", "name", "pair", "memberIds", List.of(b.id()), "memberLimit", 2));
        long roomId = room.body().path("id").asLong();
        StompClient chan = stomp(c);
        chan.subscribe("/user/queue/events");
        Response full = api.post("/api/v1/rooms/" + roomId + "/members", a.accessToken(), Map.of("userIds", List.of(c.id())));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.code()).isEqualTo("ROOM_FULL");
        assertThat(api.post("/api/v1/rooms/" + roomId + "/members", a.accessToken(), Map.of("userIds", List.of(b.id()))).code())
                .isEqualTo("ALREADY_MEMBER");
        assertThat(api.post("/api/v1/rooms/" + roomId + "/members", a.accessToken(), Map.of("userIds", List.of(99999999L))).code())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(api.history(a, roomId, "")).hasSize(1);

        long open = api.group(a, "open");
        api.post("/api/v1/rooms/" + open + "/members", a.accessToken(), Map.of("userIds", List.of(c.id())));
        JsonNode added = chan.awaitEvent("room_added");
        assertThat(added.path("room").path("id").asLong()).isEqualTo(open);
        assertThat(added.path("room").path("unreadCount").asLong()).isEqualTo(1);
    }

    // ---- edits, deletes, presence, typing ---------------------------------------------------------------------

    @Test
    void sendersEditAndDeleteTheirMessagesAndOwnersDeleteAny() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "edits", b);
        StompClient alice = stompInRoom(a, roomId);
        long bobSeq = api.sendRest(b, roomId, "e-1", "오타 있음").body().path("seq").asLong();
        long aliceSeq = api.sendRest(a, roomId, "e-2", "mine").body().path("seq").asLong();

        assertThat(api.patch("/api/v1/rooms/" + roomId + "/messages/" + bobSeq, a.accessToken(), Map.of("content", "hijack")).code())
                .isEqualTo("NOT_SENDER");
        Response edited = api.patch("/api/v1/rooms/" + roomId + "/messages/" + bobSeq, b.accessToken(), Map.of("content", "오타 없음"));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().path("editedAt").isNull()).isFalse();
        JsonNode editEvent = alice.awaitEvent("message_edited").path("message");
        assertThat(editEvent.path("seq").asLong()).isEqualTo(bobSeq);
        assertThat(editEvent.path("content").asString()).isEqualTo("오타 없음");

        assertThat(api.delete("/api/v1/rooms/" + roomId + "/messages/" + aliceSeq, b.accessToken()).code()).isEqualTo("NOT_SENDER");
        // The group's owner may delete anyone's message; a tombstone keeps its seq.
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/messages/" + bobSeq, a.accessToken()).status()).isEqualTo(200);
        JsonNode deleted = alice.awaitEvent("message_deleted").path("message");
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(deleted.path("content").isNull()).isTrue();
        JsonNode history = api.history(b, roomId, "afterSeq=" + (bobSeq - 1));
        assertThat(history.get(0).path("deleted").asBoolean()).isTrue();
        assertThat(history.get(0).path("content").isNull()).isTrue();
        assertThat(api.patch("/api/v1/rooms/" + roomId + "/messages/" + bobSeq, b.accessToken(), Map.of("content", "back")).code())
                .isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/messages/9999", a.accessToken()).code()).isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void presenceFollowsTheLastOpenSessionAndTypingIsLive() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "presence", b);
        StompClient alice = stompLookingAt(a, roomId);

        StompClient phone = stomp(b);
        JsonNode online = alice.awaitEvent("presence", says(b.id(), true));
        assertThat(online.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(change(online, b.id()).path("lastSeenAt").isNull()).isTrue();
        StompClient laptop = stompInRoom(b, roomId);
        assertThat(memberOnline(a, roomId, b.id())).isTrue();

        laptop.sendJson("/app/rooms/" + roomId + "/typing", "{\"typing\":true}");
        JsonNode typing = alice.awaitEvent("typing");
        assertThat(typing.path("userId").asLong()).isEqualTo(b.id());
        assertThat(typing.path("nickname").asString()).isEqualTo("Bora");
        assertThat(typing.path("typing").asBoolean()).isTrue();

        // Typing is cheap but not free: a flood of signals is cut off with RATE_LIMITED.
        for (int i = 0; i < 25; i++) {
            laptop.sendJson("/app/rooms/" + roomId + "/typing", "{\"typing\":true}");
        }
        assertThat(laptop.awaitEvent("error").path("code").asString()).isEqualTo("RATE_LIMITED");

        // One of two devices closing leaves the user online.
        phone.close();
        laptop.awaitReceipt(laptop.sendJson("/app/rooms/" + roomId + "/read", "{\"seq\":0}"));
        assertThat(memberOnline(a, roomId, b.id())).isTrue();
        // Reconnecting at once (a token renewal, a network blip) does not make the user flicker offline.
        laptop.drop();
        StompClient again = stompInRoom(b, roomId);
        // (Alice's own coming online may be among the frames, when it went out in a batch of its own.)
        assertThat(alice.drain(Duration.ofSeconds(4)).stream()
                .filter(f -> f.isEvent("presence") && change(f.json(), b.id()) != null)).isEmpty();
        assertThat(memberOnline(a, roomId, b.id())).isTrue();

        again.close();
        JsonNode offline = alice.awaitEvent("presence", says(b.id(), false));
        assertThat(change(offline, b.id()).path("lastSeenAt").isNull()).isFalse();
        assertThat(memberOnline(a, roomId, b.id())).isFalse();
        assertThat(alice.drain(Duration.ofMillis(700)).stream().filter(f -> f.isEvent("presence"))
                .filter(f -> says(b.id(), true).test(f.json()))).isEmpty();
    }

    /**
     * In a group, presence and typing go only to the sessions looking at the room (its live topic), and presence
     * comes in batches: members coming online together cost a watcher one frame per batch, not one per member,
     * and a member who is not looking gets none of it. A DIRECT room, which has two members, gets its peer's
     * presence on its own topic (the room list shows it).
     */
    @Test
    void presenceAndTypingGoToThoseLookingAtTheRoomInBatches() {
        User a = api.newUser("Ara");
        User lurker = api.newUser("Lurker");
        List<User> arriving = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            arriving.add(api.newUser("Arriving" + i));
        }
        List<User> members = new ArrayList<>(arriving);
        members.add(lurker);
        long roomId = api.group(a, "batches", members.toArray(User[]::new));
        members.add(a);
        long directId = api.direct(a, arriving.get(0));
        StompClient looking = stompLookingAt(a, roomId);
        looking.subscribe("/topic/rooms/" + directId);
        StompClient notLooking = stompInRoom(lurker, roomId);

        // Only members may look.
        StompClient stranger = stomp(api.newUser("Stranger"));
        stranger.subscribe("/user/queue/events");
        stranger.subscribeNoWait("/topic/rooms/" + roomId + "/live");
        assertThat(stranger.awaitEvent("error").path("code").asString()).isEqualTo("NOT_A_MEMBER");

        for (User user : arriving) {
            stomp(user);
        }
        // Each member is announced once (Ara and the lurker may be too: they came online just before); the 12 arrivals
        // (well within one 500 ms batch, give or take a boundary) come in far fewer frames than members.
        Map<Long, Integer> announced = new HashMap<>();
        List<Long> arrivingIds = arriving.stream().map(User::id).toList();
        int frames = 0;
        while (!announced.keySet().containsAll(arrivingIds)) {
            JsonNode presence = looking.await(f -> f.isEvent("presence")
                    && f.json().path("roomId").asLong() == roomId, StompClient.WAIT).json();
            frames++;
            for (JsonNode change : presence.path("users")) {
                assertThat(change.path("online").asBoolean()).isTrue();
                announced.merge(change.path("userId").asLong(), 1, Integer::sum);
            }
        }
        assertThat(announced.keySet()).isSubsetOf(members.stream().map(User::id).toList()).containsAll(arrivingIds);
        assertThat(announced.values()).containsOnly(1);
        assertThat(frames).isLessThanOrEqualTo(6);
        // The DIRECT room's topic (subscribed without its live topic) carries its peer's presence.
        looking.awaitEvent("presence", e -> e.path("roomId").asLong() == directId && says(arriving.get(0).id(), true).test(e));

        StompClient typist = stompInRoom(arriving.get(1), roomId);
        typist.sendJson("/app/rooms/" + roomId + "/typing", "{\"typing\":true}");
        assertThat(looking.awaitEvent("typing").path("userId").asLong()).isEqualTo(arriving.get(1).id());
        // The room's own topic carries neither: every frame the lurker got before the next message is checked
        // (one fan-out thread delivers a room's events in order).
        typist.awaitReceipt(typist.sendMessage(roomId, "after-typing", "hi"));
        Frame frame;
        do {
            frame = notLooking.await(f -> f.command().equals("MESSAGE"), StompClient.WAIT);
            assertThat(frame.isEvent("typing") || frame.isEvent("presence")).as("a live signal on the room topic: " + frame).isFalse();
        } while (!frame.isEvent("message"));
        assertThat(frame.json().path("message").path("clientMsgId").asString()).isEqualTo("after-typing");
    }

    /** Subscribed to the room's topic and its live topic, as a client with the room on screen. */
    StompClient stompLookingAt(User user, long roomId) {
        StompClient client = stompInRoom(user, roomId);
        client.subscribe("/topic/rooms/" + roomId + "/live");
        return client;
    }

    /** The change about {@code userId} in a presence event, or null. */
    private static JsonNode change(JsonNode presence, long userId) {
        for (JsonNode change : presence.path("users")) {
            if (change.path("userId").asLong() == userId) {
                return change;
            }
        }
        return null;
    }

    private static Predicate<JsonNode> says(long userId, boolean online) {
        return presence -> {
            JsonNode change = change(presence, userId);
            return change != null && change.path("online").asBoolean() == online;
        };
    }

    private boolean memberOnline(User viewer, long roomId, long userId) {
        for (JsonNode member : api.get("/api/v1/rooms/" + roomId + "/members", viewer.accessToken()).body()) {
            if (member.path("id").asLong() == userId) {
                return member.path("online").asBoolean();
            }
        }
        throw new AssertionError("not a member: " + userId);
    }

    // ---- authorization ----------------------------------------------------------------------------------------

    @Test
    void outsidersCannotReadWriteOrListenToARoom() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User eve = api.newUser("Eve");
        long roomId = api.group(a, "private", b);
        api.sendRest(a, roomId, "p-1", "secret plan");
        String base = "/api/v1/rooms/" + roomId;

        for (Response refused : List.of(
                api.get(base, eve.accessToken()),
                api.get(base + "/messages", eve.accessToken()),
                api.get(base + "/members", eve.accessToken()),
                api.sendRest(eve, roomId, "x", "let me in"),
                api.post(base + "/read", eve.accessToken(), Map.of("seq", 1)),
                api.post(base + "/members", eve.accessToken(), Map.of("userIds", List.of(eve.id()))),
                api.post(base + "/leave", eve.accessToken(), null),
                api.patch(base + "/messages/2", eve.accessToken(), Map.of("content", "x")),
                api.delete(base + "/messages/2", eve.accessToken()))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("NOT_A_MEMBER");
        }

        StompClient intruder = stomp(eve);
        intruder.subscribe("/user/queue/events");
        intruder.subscribeNoWait("/topic/rooms/" + roomId);
        JsonNode refusedSub = intruder.awaitEvent("error");
        assertThat(refusedSub.path("code").asString()).isEqualTo("NOT_A_MEMBER");
        String sendReceipt = intruder.sendMessage(roomId, "e-1", "hello?");
        JsonNode refusedSend = intruder.awaitEvent("error");
        assertThat(refusedSend.path("code").asString()).isEqualTo("NOT_A_MEMBER");
        assertThat(refusedSend.path("receiptId").asString()).isEqualTo(sendReceipt);
        assertThat(refusedSend.path("clientMsgId").asString()).isEqualTo("e-1");
        // Publishing straight to the topic, or listening to someone else's queue, is refused too.
        intruder.sendJson("/topic/rooms/" + roomId, "{\"type\":\"message\",\"message\":{\"content\":\"fake\"}}");
        assertThat(intruder.awaitEvent("error").path("code").asString()).isEqualTo("FORBIDDEN");
        intruder.subscribeNoWait("/user/" + a.id() + "/queue/events");
        assertThat(intruder.awaitEvent("error").path("code").asString()).isEqualTo("NOT_FOUND");

        api.sendRest(a, roomId, "p-2", "still secret");
        assertThat(intruder.drain(Duration.ofMillis(300)).stream().filter(f -> f.command().equals("MESSAGE"))
                .filter(f -> !f.isEvent("error"))).isEmpty();
        assertThat(api.history(a, roomId, "afterSeq=1").findValues("content").stream().map(JsonNode::asString))
                .containsExactly("secret plan", "still secret");
    }

    @Test
    void aStompConnectWithoutAValidTokenIsRefused() {
        StompClient anonymous = StompClient.open(port);
        Frame error = anonymous.connectWith(null);
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.header("message")).isEqualTo("UNAUTHENTICATED");
        assertThat(error.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        anonymous.awaitClosed();

        StompClient forged = StompClient.open(port);
        assertThat(forged.connectWith("not.a.token").command()).isEqualTo("ERROR");
        forged.awaitClosed();
    }

    // ---- bad input ----------------------------------------------------------------------------------------------

    @Test
    void badInputIsRefusedWithATypedErrorAndStoresNothing() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "bad input", b);
        String base = "/api/v1/rooms/" + roomId;
        StompClient alice = stompInRoom(a, roomId);

        Response tooLong = api.sendRest(a, roomId, "long", "가".repeat(4001));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("CONTENT_TOO_LONG");
        assertThat(api.sendRest(a, roomId, "edge", "가".repeat(4000)).status()).isEqualTo(201);
        assertThat(api.sendRest(a, roomId, "blank", "   ").code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post(base + "/messages", a.accessToken(), Map.of("type", "IMAGE", "content", "x")).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(api.sendRest(a, roomId, "x".repeat(65), "id too long").code()).isEqualTo("VALIDATION_FAILED");
        Response malformed = api.postRaw(base + "/messages", a.accessToken(), "{\"content\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(malformed.body().toString()).doesNotContain("Exception").doesNotContain("at dev.moim");
        assertThat(api.postRaw(base + "/messages", a.accessToken(), "[1,2]").code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.get("/api/v1/rooms/abc/messages", a.accessToken()).code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(api.get("/api/v1/rooms/987654321/messages", a.accessToken()).code()).isEqualTo("ROOM_NOT_FOUND");
        assertThat(api.post(base + "/read", a.accessToken(), Map.of("seq", 999)).code()).isEqualTo("INVALID_SEQ");
        assertThat(api.post(base + "/read", a.accessToken(), Map.of("seq", -1)).code()).isEqualTo("INVALID_SEQ");
        assertThat(api.get(base + "/messages?afterSeq=-5", a.accessToken()).code()).isEqualTo("INVALID_SEQ");
        assertThat(api.get(base + "/messages?limit=0", a.accessToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get(base + "/messages?limit=5000", a.accessToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "CIRCLE", "name", "x")).code())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(api.post("/api/v1/rooms", a.accessToken(), Map.of("type", "GROUP", "name", " ")).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/nowhere", a.accessToken()).status()).isEqualTo(404);
        // Refused on the declared length alone: no body is sent, so none can race the answer (a client still
        // writing 2 MB could see the connection reset before it read the 413).
        Response huge = new RawHttp(port).rawHead("POST", base + "/messages", Map.of("Authorization", "Bearer " + a.accessToken(),
                "Content-Type", "application/json", "Content-Length", "2000014"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.code()).isEqualTo("PAYLOAD_TOO_LARGE");

        // Over STOMP: each refusal is a personal error event naming the frame; the session stays usable.
        String tooLongReceipt = alice.sendMessage(roomId, "s-long", "a".repeat(4001));
        JsonNode error = alice.awaitEvent("error");
        assertThat(error.path("code").asString()).isEqualTo("CONTENT_TOO_LONG");
        assertThat(error.path("receiptId").asString()).isEqualTo(tooLongReceipt);
        alice.sendJson("/app/rooms/" + roomId + "/messages", "{\"content\": ");
        assertThat(alice.awaitEvent("error").path("code").asString()).isEqualTo("MALFORMED_REQUEST");
        alice.sendJson("/app/rooms/" + roomId + "/read", "{\"seq\": 999}");
        assertThat(alice.awaitEvent("error").path("code").asString()).isEqualTo("INVALID_SEQ");
        alice.sendMessage(987654321L, "s-nowhere", "hello?");
        assertThat(alice.awaitEvent("error").path("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        Frame ok = alice.awaitReceipt(alice.sendMessage(roomId, "s-ok", "still connected"));
        assertThat(ok.header("seq")).isNotNull();

        // Only the two good messages were stored; every seq is taken by one of them.
        JsonNode history = api.history(a, roomId, "afterSeq=1");
        assertThat(history.findValues("clientMsgId").stream().map(JsonNode::asString)).containsExactly("edge", "s-ok");
        assertThat(history.findValues("seq").stream().map(JsonNode::asLong)).containsExactly(2L, 3L);
        assertThat(alice.drain(Duration.ofMillis(200)).stream().filter(f -> f.isEvent("message"))).hasSize(2);

        // The longest allowed message fits in a frame even in Korean (3 bytes a character).
        Frame longest = alice.awaitReceipt(alice.sendMessage(roomId, "s-longest", "한".repeat(4000)));
        assertThat(longest.header("seq")).isEqualTo("4");

        // Frames longer than the container's socket buffer (4 Ki characters) arrive in parts and are put together intact:
        // 4,000 emoji (surrogate pairs) with padding that moves the buffer's edge to either half of a pair, and
        // 4,000 Korean characters written as JSON escapes (24,000 characters on the wire).
        String emoji = "😀".repeat(4000);
        for (int pad = 300; pad < 302; pad++) {
            String receipt = "long-" + pad;
            alice.send("SEND", Map.of("destination", "/app/rooms/" + roomId + "/messages", "content-type", "application/json",
                    "receipt", receipt, "x-pad", "p".repeat(pad)),
                    "{\"clientMsgId\":\"s-emoji-" + pad + "\",\"type\":\"TEXT\",\"content\":\"" + emoji + "\"}");
            alice.awaitReceipt(receipt);
        }
        Frame escaped = alice.awaitReceipt(alice.sendJson("/app/rooms/" + roomId + "/messages",
                "{\"clientMsgId\":\"s-escaped\",\"type\":\"TEXT\",\"content\":\"" + "\\ud55c".repeat(4000) + "\"}"));
        assertThat(escaped.header("seq")).isEqualTo("7");
        JsonNode inParts = api.history(a, roomId, "afterSeq=4");
        assertThat(inParts.findValues("content").stream().map(JsonNode::asString))
                .containsExactly(emoji, emoji, "한".repeat(4000));

        // A frame over the size limit (64 KiB) ends the session with MALFORMED_REQUEST; nothing of it is stored.
        alice.sendMessage(roomId, "huge", "x".repeat(70_000));
        assertThat(alice.await(f -> f.command().equals("ERROR"), StompClient.WAIT).header("message")).isEqualTo("MALFORMED_REQUEST");
        assertThat(alice.awaitClosed()).isNotEqualTo(1000);
        assertThat(api.history(a, roomId, "afterSeq=7")).isEmpty();
    }

    @Test
    void aFloodOfSendsIsRateLimitedAndOnlyAcknowledgedMessagesAreStored() {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        long roomId = api.group(a, "flood", b);
        StompClient alice = stompInRoom(a, roomId);
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            receipts.add(alice.sendMessage(roomId, "f-" + i, "flood " + i));
        }
        int acknowledged = 0;
        int limited = 0;
        for (Frame frame : collect(alice, receipts.size())) {
            if (frame.command().equals("RECEIPT")) {
                acknowledged++;
            } else if (frame.json().path("code").asString().equals("RATE_LIMITED")) {
                limited++;
            }
        }
        assertThat(limited).isPositive();
        assertThat(acknowledged + limited).isEqualTo(60);
        assertThat(api.history(a, roomId, "afterSeq=1&limit=200")).hasSize(acknowledged);
    }

    /** The next {@code count} receipts and error events, in any order. */
    private static List<Frame> collect(StompClient client, int count) {
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < count) {
            frames.add(client.await(f -> f.command().equals("RECEIPT") || f.isEvent("error"), StompClient.WAIT));
        }
        return frames;
    }

    @Test
    void concurrentSendersAllSeeOneGapFreeOrder() throws Exception {
        User a = api.newUser("Ara");
        User b = api.newUser("Bora");
        User c = api.newUser("Chan");
        long roomId = api.group(a, "race", b, c);
        List<StompClient> senders = List.of(stompInRoom(a, roomId), stompInRoom(b, roomId), stompInRoom(c, roomId));
        StompClient watcher = stompInRoom(a, roomId);

        // Each sender writes its 20 frames from its own thread; a thread's failure fails the test with its cause.
        List<CompletableFuture<List<String>>> sending = new ArrayList<>();
        for (StompClient sender : senders) {
            CompletableFuture<List<String>> mine = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        ids.add(sender.sendMessage(roomId, "race-" + System.identityHashCode(sender) + "-" + i, "m" + i));
                    }
                    mine.complete(ids);
                } catch (Throwable failed) {
                    mine.completeExceptionally(failed);
                }
            });
            sending.add(mine);
        }
        for (int s = 0; s < senders.size(); s++) {
            StompClient sender = senders.get(s);
            for (String receipt : sending.get(s).get(30, TimeUnit.SECONDS)) {
                sender.awaitReceipt(receipt);
            }
        }

        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < 60) {
            seqs.add(watcher.awaitEvent("message").path("message").path("seq").asLong());
        }
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(api.history(a, roomId, "afterSeq=1&limit=200")).hasSize(60);
    }

    /**
     * A room may hold moim.rooms.max-members (1,000), whether created with them all or filled by one invitation,
     * and its SYSTEM notes stay the same size: they name 20 people and count the rest.
     */
    @Test
    void aRoomOfTheMostMembersIsCreatedOrFilledAtOnceAndItsNotesDoNotGrow() {
        User host = api.newUser("Host");
        List<Long> crowd = crowd(999);

        Response created = api.post("/api/v1/rooms", host.accessToken(), Map.of("type", "GROUP", "name", "Big", "memberIds", crowd));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long bigRoom = created.body().path("id").asLong();
        assertThat(api.get("/api/v1/rooms/" + bigRoom + "/members", host.accessToken()).body()).hasSize(1000);
        JsonNode createdNote = api.history(host, bigRoom, "afterSeq=0").get(0);
        assertThat(createdNote.path("system").path("event").asString()).isEqualTo("CREATED");
        assertThat(createdNote.path("system").path("userIds")).hasSize(20);
        assertThat(createdNote.path("system").path("userIds").get(0).asLong()).isEqualTo(crowd.getFirst());
        assertThat(createdNote.path("system").path("moreUsers").asInt()).isEqualTo(979);
        assertThat(createdNote.path("content").asString()).endsWith(" and 979 more");

        User other = api.newUser("Other");
        long second = api.group(other, "Second");
        Response invited = api.post("/api/v1/rooms/" + second + "/members", other.accessToken(), Map.of("userIds", crowd));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/rooms/" + second + "/members", other.accessToken()).body()).hasSize(1000);
        JsonNode page = api.history(other, second, "limit=1");
        JsonNode joinedNote = page.get(page.size() - 1);
        assertThat(joinedNote.path("system").path("event").asString()).isEqualTo("JOINED");
        assertThat(joinedNote.path("system").path("userIds")).hasSize(20);
        assertThat(joinedNote.path("system").path("moreUsers").asInt()).isEqualTo(979);

        // One more is one too many, and changes nothing.
        Response full = api.post("/api/v1/rooms/" + second + "/members", other.accessToken(), Map.of("userIds", List.of(host.id())));
        assertThat(full.code()).isEqualTo("ROOM_FULL");
        assertThat(api.get("/api/v1/rooms/" + second + "/members", other.accessToken()).body()).hasSize(1000);
    }

    @Autowired
    JdbcTemplate jdbc;

    /**
     * Accounts made straight in the database, all with one password hash: signing up a thousand people one BCrypt
     * hash at a time would be most of the test's time, and sign-up is tested on its own above.
     */
    private List<Long> crowd(int size) {
        String hash = jdbc.queryForObject("SELECT password_hash FROM users WHERE id = ?", String.class, api.newUser("Seed").id());
        String tag = Long.toString(System.nanoTime(), 36);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(new Object[] {"crowd-" + tag + "-" + i + "@example.com", hash, "Crowd" + i,
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("INSERT INTO users (email, password_hash, nickname, created_at) VALUES (?, ?, ?, ?)", rows);
        return jdbc.queryForList("SELECT id FROM users WHERE email LIKE ? ORDER BY id", Long.class, "crowd-" + tag + "-%");
    }
}

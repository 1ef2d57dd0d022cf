package dev.moim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.MoimCluster;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster mode as deployed: three Moim processes on one PostgreSQL and one Redis, clients spread over them.
 * What one node commits reaches the members connected to the others, and every node answers alike.
 */
class ClusterTest {

    private static MoimCluster cluster;
    private final List<StompClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        // The dues scheduler runs on every node, often: exactly once per member and period must hold all the same.
        cluster = MoimCluster.start(3, "--moim.dues.scheduler-delay=300ms");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StompClient::close);
        clients.clear();
    }

    private static Api node(int i) {
        return cluster.api(i);
    }

    /** A client of {@code user} on that node, subscribed to the user's own events. */
    private StompClient connect(int node, User user) {
        StompClient client = StompClient.connect(cluster.node(node).port(), user.accessToken());
        clients.add(client);
        client.subscribe("/user/queue/events");
        return client;
    }

    @Test
    void aMessageSentOnOneNodeReachesTheMembersOnEveryNodeInOrder() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        User carol = node(2).newUser("Carol");
        long roomId = node(0).group(alice, "three nodes", bob, carol);
        StompClient onA = connect(0, alice);
        StompClient onB = connect(1, bob);
        StompClient onC = connect(2, carol);
        for (StompClient client : List.of(onA, onB, onC)) {
            client.subscribe("/topic/rooms/" + roomId);
        }

        List<Long> sent = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String receipt = onA.sendMessage(roomId, "a-" + i, "안녕 " + i);
            sent.add(Long.parseLong(onA.awaitReceipt(receipt).header("seq")));
        }
        for (StompClient member : List.of(onB, onC)) {
            List<Long> seen = new ArrayList<>();
            while (seen.size() < sent.size()) {
                seen.add(member.awaitEvent("message").path("message").path("seq").asLong());
            }
            assertThat(seen).containsExactlyElementsOf(sent);
        }

        // Bob answers from his node; Alice and Carol see it, with the unread count his node computed.
        String receipt = onB.sendMessage(roomId, "b-1", "잘 받았어");
        long answer = Long.parseLong(onB.awaitReceipt(receipt).header("seq"));
        for (StompClient member : List.of(onA, onC)) {
            JsonNode event = member.awaitEvent("message", e -> e.path("message").path("seq").asLong() == answer);
            assertThat(event.path("message").path("content").asString()).isEqualTo("잘 받았어");
            // Alice read up to her own last message, Carol nothing: only Carol has not read Bob's answer.
            assertThat(event.path("message").path("unreadCount").asInt()).isEqualTo(2);
        }

        // Every node's REST API answers the same history.
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).history(carol, roomId, "afterSeq=0").findValues("seq").stream().map(JsonNode::asLong).toList())
                    .as("node " + i).containsSequence(sent).endsWith(answer);
        }
    }

    @Test
    void everyNodeFindsWhatAnyNodeCommittedAndForgetsWhatWasEditedOrLeftElsewhere() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        long roomId = node(0).group(alice, "검색 클러스터", bob);
        String q = "/api/v1/rooms/" + roomId + "/messages/search?q=%EC%BD%98%EC%84%9C%ED%8A%B8"; // 콘서트
        long first = node(0).sendRest(alice, roomId, "s-1", "콘서트를 같이 갈 사람").body().path("seq").asLong();
        long second = node(1).sendRest(bob, roomId, "s-2", "어제 콘서트에서 봤어").body().path("seq").asLong();

        // Each node keeps its own index (Lucene) and follows every node's commits.
        for (int i = 0; i < 3; i++) {
            Api api = node(i);
            await("node " + i).atMost(Duration.ofSeconds(30)).until(() ->
                    api.get(q, bob.accessToken()).body().path("hits").findValues("seq").stream()
                            .map(JsonNode::asLong).toList().equals(List.of(second, first)));
        }

        // An edit on node C and a leave on node A reach every node's search.
        assertThat(node(2).patch("/api/v1/rooms/" + roomId + "/messages/" + first, alice.accessToken(),
                Map.of("content", "뮤지컬 보러 갈 사람")).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            Api api = node(i);
            await("node " + i).atMost(Duration.ofSeconds(30)).until(() ->
                    api.get(q, bob.accessToken()).body().path("hits").findValues("seq").stream()
                            .map(JsonNode::asLong).toList().equals(List.of(second)));
        }
        assertThat(node(0).post("/api/v1/rooms/" + roomId + "/leave", bob.accessToken(), null).status()).isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).get(q, bob.accessToken()).code()).as("node " + i).isEqualTo("NOT_A_MEMBER");
        }
    }

    @Test
    void whenEveryNodeCommitsToOneRoomAtOnceEveryMemberStillSeesItsMessagesInSeqOrder() throws Exception {
        User[] users = {node(0).newUser("Alice"), node(1).newUser("Bob"), node(2).newUser("Carol")};
        long roomId = node(0).group(users[0], "everyone at once", users[1], users[2]);
        List<StompClient> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StompClient client = connect(i, users[i]);
            client.subscribe("/topic/rooms/" + roomId);
            members.add(client);
        }

        // 25 messages each (inside the send burst of 30), all three nodes committing to the room at once.
        int each = 25;
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StompClient sender = members.get(i);
            String prefix = "n" + i + "-";
            sending.add(CompletableFuture.runAsync(() -> {
                for (int k = 1; k <= each; k++) {
                    sender.sendMessage(roomId, prefix + k, prefix + k);
                }
            }));
        }
        for (CompletableFuture<Void> send : sending) {
            send.get();
        }

        List<Long> all = java.util.stream.LongStream.rangeClosed(2, 1 + 3L * each).boxed().toList();
        for (int i = 0; i < 3; i++) {
            List<Long> seen = new ArrayList<>();
            while (seen.size() < all.size()) {
                seen.add(members.get(i).awaitEvent("message").path("message").path("seq").asLong());
            }
            // The room's CREATED note is seq 1; the 75 messages are 2..76, each once and in order on every node.
            assertThat(seen).as("node " + i).containsExactlyElementsOf(all);
        }
    }

    @Test
    void readsAndNewRoomsReachOtherNodes() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        StompClient bobOnB = connect(1, bob);
        StompClient aliceOnC = connect(2, alice);

        long roomId = node(0).group(alice, "announced", bob);
        assertThat(bobOnB.awaitEvent("room_added").path("room").path("id").asLong()).isEqualTo(roomId);
        aliceOnC.subscribe("/topic/rooms/" + roomId);

        long seq = node(0).sendRest(alice, roomId, "r-1", "읽어 줘").body().path("seq").asLong();
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/read", bob.accessToken(), Map.of("seq", seq)).status())
                .isEqualTo(204);
        JsonNode read = aliceOnC.awaitEvent("read");
        assertThat(read.path("userId").asLong()).isEqualTo(bob.id());
        assertThat(read.path("seq").asLong()).isEqualTo(seq);
        // Node 2 applied the read to its own view of the room too.
        assertThat(node(2).room(bob, roomId).path("unreadCount").asLong()).isZero();
    }

    @Test
    void aKickOnOneNodeStopsDeliveryToTheKickedMembersSocketOnAnother() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        User carol = node(2).newUser("Carol");
        long roomId = node(0).group(alice, "kick across nodes", bob, carol);
        StompClient bobOnB = connect(1, bob);
        StompClient carolOnC = connect(2, carol);
        bobOnB.subscribe("/topic/rooms/" + roomId);
        carolOnC.subscribe("/topic/rooms/" + roomId);
        long before = node(0).sendRest(alice, roomId, "k-1", "before").body().path("seq").asLong();
        carolOnC.awaitEvent("message", e -> e.path("message").path("seq").asLong() == before);

        assertThat(node(0).delete("/api/v1/rooms/" + roomId + "/members/" + carol.id(), alice.accessToken()).status())
                .isEqualTo(204);
        assertThat(carolOnC.awaitEvent("room_removed").path("reason").asString()).isEqualTo("kicked");

        long after = node(0).sendRest(alice, roomId, "k-2", "after").body().path("seq").asLong();
        bobOnB.awaitEvent("message", e -> e.path("message").path("seq").asLong() == after);
        // Node 2 hears the room's events in the order node 0 published them: the kick came before this message.
        List<Frame> late = carolOnC.drain(Duration.ofMillis(300));
        assertThat(late).noneMatch(f -> f.isEvent("message") && f.json().path("message").path("seq").asLong() == after);
        assertThat(node(2).get("/api/v1/rooms/" + roomId + "/messages", carol.accessToken()).code()).isEqualTo("NOT_A_MEMBER");
    }

    @Test
    void presenceIsTheSameOnEveryNode() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        long roomId = node(0).direct(alice, bob);
        StompClient aliceOnA = connect(0, alice);
        aliceOnA.subscribe("/topic/rooms/" + roomId);

        StompClient phone = connect(1, bob);
        aliceOnA.awaitEvent("presence", e -> said(e, bob.id(), true));
        assertThat(peerOnline(node(2), alice, roomId)).as("node 2 knows Bob is on node 1").isTrue();

        // A second device on another node, then the first goes: Bob stays online.
        StompClient laptop = connect(2, bob);
        phone.close();
        assertThat(peerOnline(node(0), alice, roomId)).isTrue();

        laptop.close();
        JsonNode offline = aliceOnA.awaitEvent("presence", e -> said(e, bob.id(), false));
        assertThat(offline.path("users").get(0).path("lastSeenAt").isNull()).as("stamped last seen").isFalse();
        assertThat(peerOnline(node(1), alice, roomId)).isFalse();
    }

    /** Whether the presence event says that {@code userId} is {@code online} (false if it does not name them). */
    private static boolean said(JsonNode presence, long userId, boolean online) {
        for (JsonNode user : presence.path("users")) {
            if (user.path("userId").asLong() == userId) {
                return user.path("online").asBoolean() == online;
            }
        }
        return false;
    }

    private static boolean peerOnline(Api node, User user, long roomId) {
        return node.room(user, roomId).path("peer").path("online").asBoolean();
    }

    @Test
    void aLogOutOnOneNodeEndsTheSessionOnEveryNode() {
        User alice = node(0).newUser("Alice");
        StompClient onC = connect(2, alice);

        assertThat(node(0).post("/api/v1/auth/logout", null, Map.of("refreshToken", alice.refreshToken())).status())
                .isEqualTo(204);

        // Node 2 closes the session's socket, and refuses its access token though it is signed and unexpired.
        Frame error = onC.await(f -> f.command().equals("ERROR"), StompClient.WAIT);
        assertThat(error.header("message")).isEqualTo("SESSION_REVOKED");
        assertThat(node(2).get("/api/v1/users/me", alice.accessToken()).code()).isEqualTo("SESSION_REVOKED");
    }

    @Test
    void aNewNicknameOnOneNodeIsTheNameOnEveryNode() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        long roomId = node(0).group(alice, "names", bob);
        // Node 1 learns Alice's name from her first message there.
        assertThat(node(1).sendRest(alice, roomId, "n-1", "before").body().path("sender").path("nickname").asString())
                .isEqualTo("Alice");

        assertThat(node(0).patch("/api/v1/users/me", alice.accessToken(), Map.of("nickname", "앨리스")).status()).isEqualTo(200);

        assertThat(node(1).sendRest(alice, roomId, "n-2", "after").body().path("sender").path("nickname").asString())
                .isEqualTo("앨리스");
    }

    @Test
    void aPhotoUploadedOnOneNodeIsSeenOnEveryNodeAndGoesFromAllWithItsMessage() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        long roomId = node(0).group(alice, "photos on three nodes", bob);
        byte[] photo = FilesContract.png(640, 480);

        Api.Response up = node(0).upload("POST", "/api/v1/rooms/" + roomId + "/attachments?name=beach.png",
                alice.accessToken(), photo, Map.of("Idempotency-Key", "beach-1"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        String id = up.body().path("id").asString();
        // The retry lands on another node: still the same upload.
        Api.Response retry = node(2).upload("POST", "/api/v1/rooms/" + roomId + "/attachments?name=beach.png",
                alice.accessToken(), photo, Map.of("Idempotency-Key", "beach-1"));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().path("id").asString()).isEqualTo(id);

        Api.Response sent = node(2).post("/api/v1/rooms/" + roomId + "/messages", alice.accessToken(),
                Map.of("clientMsgId", "photo-1", "type", "IMAGE", "attachmentIds", List.of(id)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        long seq = sent.body().path("seq").asLong();
        for (int i = 0; i < 3; i++) {
            Api.Download original = node(i).download("/api/v1/attachments/" + id, bob.accessToken(), Map.of());
            assertThat(original.status()).as("node " + i).isEqualTo(200);
            assertThat(original.bytes().length).isPositive();
            assertThat(node(i).download("/api/v1/attachments/" + id + "/thumbnail", bob.accessToken(), Map.of()).status())
                    .as("node " + i).isEqualTo(200);
        }

        assertThat(node(1).delete("/api/v1/rooms/" + roomId + "/messages/" + seq, alice.accessToken()).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).download("/api/v1/attachments/" + id, bob.accessToken(), Map.of()).status())
                    .as("node " + i).isEqualTo(404);
        }
    }

    @Test
    void friendsAndNotificationsCrossNodes() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        StompClient bobOnB = connect(1, bob);
        StompClient aliceOnC = connect(2, alice);

        assertThat(node(0).post("/api/v1/friends/requests", alice.accessToken(), Map.of("userId", bob.id())).status()).isEqualTo(200);
        bobOnB.awaitEvent("friend", e -> e.path("change").asString().equals("request_received"));
        bobOnB.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("FRIEND_REQUEST"));
        assertThat(node(2).post("/api/v1/friends/requests/" + alice.id() + "/accept", bob.accessToken(), null).status()).isEqualTo(200);
        aliceOnC.awaitEvent("friend", e -> e.path("change").asString().equals("added"));

        long roomId = node(0).group(alice, "mentions", bob);
        assertThat(node(0).sendRest(alice, roomId, "mention-1", "@Bob 봤어?").status()).isEqualTo(201);
        JsonNode mention = bobOnB.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("MENTION"));
        assertThat(mention.path("notification").path("roomId").asLong()).isEqualTo(roomId);
        // Exactly one of each, though three nodes saw the commits.
        assertThat(node(1).get("/api/v1/notifications", bob.accessToken()).body().path("notifications").findValuesAsString("kind"))
                .containsExactlyInAnyOrder("FRIEND_REQUEST", "INVITED", "MENTION");

        // A block on one node holds on every node at once.
        long dm = node(0).direct(bob, alice);
        assertThat(node(2).put("/api/v1/blocks/" + bob.id(), alice.accessToken(), Map.of()).status()).isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).sendRest(bob, dm, "blocked-" + i, "hi").code()).as("node " + i).isEqualTo("OPERATION_NOT_ALLOWED");
        }
    }

    @Test
    void groupLifeHoldsAcrossNodes() {
        User owner = node(0).newUser("Owner");
        User manager = node(0).newUser("Manager");
        User hiker = node(1).newUser("Hiker");
        User a = node(1).newUser("ApplicantA");
        User b = node(2).newUser("ApplicantB");
        User troll = node(2).newUser("Troll");
        long roomId = node(0).group(owner, "클러스터 산악회", manager);
        StompClient managerOnB = connect(1, manager);
        managerOnB.subscribe("/topic/rooms/" + roomId);
        // Node 1 holds the room in memory before the settings change on node 0.
        assertThat(node(1).room(manager, roomId).path("hasPassword").asBoolean()).isFalse();

        assertThat(node(0).patch("/api/v1/rooms/" + roomId, owner.accessToken(),
                Map.of("joinPolicy", "OPEN", "password", "정상1234", "tags", List.of("cluster"))).status()).isEqualTo(200);
        JsonNode updated = managerOnB.awaitEvent("room_updated");
        assertThat(updated.path("room").path("hasPassword").asBoolean()).isTrue();
        // Node 1 read the room again: its password holds there, and every node lists the room.
        assertThat(node(1).room(manager, roomId).path("joinPolicy").asString()).isEqualTo("OPEN");
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/join", hiker.accessToken(), Map.of()).code())
                .isEqualTo("WRONG_ROOM_PASSWORD");
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/join", hiker.accessToken(), Map.of("password", "정상1234"))
                .status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).get("/api/v1/rooms/directory?tag=cluster", troll.accessToken()).body().path("rooms")
                    .findValuesAsString("name")).as("node " + i).contains("클러스터 산악회");
        }

        // A manager made on node 0 approves on node 2; the seat left goes to one of two approvals on two nodes.
        assertThat(node(0).patch("/api/v1/rooms/" + roomId, owner.accessToken(),
                Map.of("joinPolicy", "REQUEST", "memberLimit", 4)).status()).isEqualTo(200);
        assertThat(node(0).put("/api/v1/rooms/" + roomId + "/managers/" + manager.id(), owner.accessToken(), Map.of())
                .status()).isEqualTo(204);
        StompClient aOnC = connect(2, a);
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/applications", a.accessToken(),
                Map.of("note", "A", "password", "정상1234")).status()).isEqualTo(201);
        assertThat(node(2).post("/api/v1/rooms/" + roomId + "/applications", b.accessToken(),
                Map.of("note", "B", "password", "정상1234")).status()).isEqualTo(201);
        managerOnB.awaitEvent("application", e -> e.path("applicant").path("id").asLong() == b.id());
        List<CompletableFuture<Api.Response>> seats = List.of(
                CompletableFuture.supplyAsync(() -> node(0).post("/api/v1/rooms/" + roomId + "/applications/" + a.id()
                        + "/approve", owner.accessToken(), null)),
                CompletableFuture.supplyAsync(() -> node(2).post("/api/v1/rooms/" + roomId + "/applications/" + b.id()
                        + "/approve", manager.accessToken(), null)));
        List<Api.Response> answers = seats.stream().map(CompletableFuture::join).toList();
        assertThat(answers.stream().filter(r -> r.status() == 204).count()).as(answers.toString()).isEqualTo(1);
        assertThat(answers.stream().filter(r -> r.status() != 204).map(Api.Response::code).toList()).containsExactly("ROOM_FULL");
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).room(owner, roomId).path("memberCount").asInt()).as("node " + i).isEqualTo(4);
        }
        if (answers.getFirst().status() == 204) {
            aOnC.awaitEvent("application", e -> e.path("change").asString().equals("approved"));
            aOnC.awaitEvent("room_added");
        }

        // A ban on node 2 shuts every way in on every node.
        String code = node(0).post("/api/v1/rooms/" + roomId + "/invite-links", owner.accessToken(), Map.of())
                .body().path("code").asString();
        assertThat(node(2).post("/api/v1/rooms/" + roomId + "/bans/" + troll.id(), manager.accessToken(), null).status())
                .isEqualTo(204);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).post("/api/v1/invites/" + code + "/accept", troll.accessToken(), Map.of()).code())
                    .as("node " + i).isEqualTo("USER_BANNED");
        }
    }
    @Test
    void repliesReactionsAndTheNoticeCrossNodes() {
        User alice = node(0).newUser("Alice");
        User bob = node(1).newUser("Bob");
        User carol = node(2).newUser("Carol");
        long roomId = node(0).group(alice, "클러스터 공지방", bob, carol);
        StompClient carolOnC = connect(2, carol);
        carolOnC.subscribe("/topic/rooms/" + roomId);
        long seq = node(0).post("/api/v1/rooms/" + roomId + "/messages", alice.accessToken(),
                Map.of("clientMsgId", "c-notice", "content", "이번 주 회비 공지")).body().path("seq").asLong();
        carolOnC.awaitEvent("message", e -> e.path("message").path("seq").asLong() == seq);

        // Reactions made at once on two nodes both count, and every node's members see the same counts.
        List<CompletableFuture<Api.Response>> reactions = List.of(
                CompletableFuture.supplyAsync(() -> node(1).put("/api/v1/rooms/" + roomId + "/messages/" + seq
                        + "/reactions/%F0%9F%91%8D", bob.accessToken(), Map.of())),
                CompletableFuture.supplyAsync(() -> node(2).put("/api/v1/rooms/" + roomId + "/messages/" + seq
                        + "/reactions/%F0%9F%91%8D", carol.accessToken(), Map.of())));
        reactions.forEach(r -> assertThat(r.join().status()).isEqualTo(200));
        carolOnC.awaitEvent("reactions", e -> e.path("counts").path("👍").asInt() == 2);
        for (int i = 0; i < 3; i++) {
            JsonNode message = node(i).history(bob, roomId, "afterSeq=" + (seq - 1) + "&limit=1").get(0);
            assertThat(message.path("reactions").path("👍").asInt()).as("node " + i).isEqualTo(2);
            assertThat(message.path("myReactions").get(0).asString()).as("node " + i).isEqualTo("👍");
        }

        // A reply sent on node 1 quotes the original on node 2; the notice pinned on node 0 shows on every node.
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/messages", bob.accessToken(),
                Map.of("clientMsgId", "c-reply", "content", "확인했어요", "replyToSeq", seq)).status()).isEqualTo(201);
        JsonNode reply = carolOnC.awaitEvent("message", e -> e.path("message").path("clientMsgId").asString().equals("c-reply"));
        assertThat(reply.path("message").path("replyTo").path("excerpt").asString()).isEqualTo("이번 주 회비 공지");
        assertThat(node(0).put("/api/v1/rooms/" + roomId + "/notice", alice.accessToken(), Map.of("seq", seq)).status())
                .isEqualTo(200);
        JsonNode pinned = carolOnC.awaitEvent("notice");
        assertThat(pinned.path("notice").path("seq").asLong()).isEqualTo(seq);
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).room(carol, roomId).path("notice").path("excerpt").asString()).as("node " + i)
                    .isEqualTo("이번 주 회비 공지");
        }
        // Deleting the message on node 0 takes the notice down on every node, live on node 2.
        assertThat(node(0).delete("/api/v1/rooms/" + roomId + "/messages/" + seq, alice.accessToken()).status()).isEqualTo(200);
        assertThat(carolOnC.awaitEvent("notice", e -> e.path("change").asString().equals("unpinned")).path("notice").isNull())
                .isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(node(i).room(bob, roomId).path("notice").isNull()).as("node " + i).isTrue();
        }
    }
    @Test
    void groupDuesAreChargedAndAutopaidOnceWhileEveryNodeSchedulesAndTheBooksFollowLive() {
        User owner = node(0).newUser("Treasurer");
        User auto = node(1).newUser("AutoPayer");
        User payer = node(2).newUser("Payer");
        long roomId = node(0).group(owner, "클러스터 회비", auto, payer);
        StompClient ownerOnC = connect(2, owner);
        ownerOnC.subscribe("/topic/rooms/" + roomId);
        StompClient autoOnA = connect(0, auto);
        assertThat(node(1).post("/api/v1/rooms/" + roomId + "/account", owner.accessToken(), Map.of("currency", "KRW"))
                .status()).isEqualTo(201);
        for (User user : List.of(auto, payer)) {
            assertThat(node(2).post("/api/v1/wallet/deposits", user.accessToken(), Map.of("amount", 50_000), "top-up-" + user.id())
                    .status()).isEqualTo(201);
        }
        // Autopay first, then a weekly plan due today (in the plans' zone): the three nodes' schedulers race for it.
        assertThat(node(1).put("/api/v1/rooms/" + roomId + "/dues/autopay", auto.accessToken(),
                Map.of("password", "correct horse")).status()).isEqualTo(200);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Seoul"));
        assertThat(node(0).put("/api/v1/rooms/" + roomId + "/dues/plan", owner.accessToken(), Map.of("amount", 7_000,
                "period", "WEEKLY", "dayOfWeek", today.getDayOfWeek().getValue(), "startDate", today.toString()))
                .status()).isEqualTo(200);

        // The autopayer's dues are paid by whichever node got there first, and their wallet event reaches node 0.
        JsonNode paid = ownerOnC.awaitEvent("dues", e -> e.path("userId").asLong() == auto.id());
        assertThat(paid.path("paid").asBoolean()).isTrue();
        assertThat(autoOnA.awaitEvent("wallet", e -> e.path("account").path("balance").asLong() == 43_000)).isNotNull();
        // Another member pays by hand on node 2; the owner's socket on node 2 hears it, the books agree on every node.
        assertThat(node(2).post("/api/v1/rooms/" + roomId + "/dues/pay", payer.accessToken(),
                Map.of("password", "correct horse"), "dues-" + payer.id()).status()).isEqualTo(200);
        ownerOnC.awaitEvent("dues", e -> e.path("userId").asLong() == payer.id());
        ownerOnC.awaitEvent("account", e -> e.path("account").path("balance").asLong() == 14_000);
        // Many more scheduler passes on every node later, still one payment each.
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(node(i).get("/api/v1/rooms/" + roomId + "/account", auto.accessToken()).body()
                        .path("account").path("balance").asLong()).as("node " + i).isEqualTo(14_000);
            }
        });
        JsonNode status = node(1).get("/api/v1/rooms/" + roomId + "/dues", owner.accessToken()).body();
        assertThat(status.path("paidCount").asInt()).isEqualTo(2);
        assertThat(status.path("owedTotal").asLong()).isEqualTo(7_000);
        assertThat(node(0).get("/api/v1/wallet", auto.accessToken()).body().path("balance").asLong()).isEqualTo(43_000);
    }
}

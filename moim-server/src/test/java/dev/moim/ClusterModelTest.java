package dev.moim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.moim.support.Api.User;
import dev.moim.support.Api;
import dev.moim.support.Frame;
import dev.moim.support.MoimCluster;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random operations on three nodes against a reference model: sends, resends, reads, edits, deletions, invitations,
 * kicks, leaves, ownership changes and reconnects, by several users with two devices each, each on a random node.
 * Once done, every room's history, every member's unread count and every message's {@code unreadCount}, read from
 * every node, equal the model's; every device saw its rooms' messages in seq order, never twice.
 *
 * <p>The model follows the server's answers: an operation the server refuses changes nothing in it. A node whose
 * copy of a room lags a moment behind may refuse what another node just allowed (a new member's first send, a read
 * mark up to the newest message), and that is allowed; what must never happen is that the stored state and the
 * model part.
 *
 * <p>Seeded and reproducible: the seed is printed. A longer run:
 * {@code ./mvnw -B verify -pl moim-server -Dtest=ClusterModelTest -Dmoim.model.ops=2000 -Dmoim.model.seed=42}.
 */
class ClusterModelTest {

    private static final int USERS = 5;
    private static final int NODES = 3;

    private final long seed = Long.getLong("moim.model.seed", System.nanoTime());
    private final int operations = Integer.getInteger("moim.model.ops", 150);
    private final Random random = new Random(seed);
    private MoimCluster cluster;
    private final List<User> users = new ArrayList<>();
    private final Map<Long, Room> rooms = new TreeMap<>();
    private final List<Device> devices = new ArrayList<>();
    private int counter;
    private final Map<String, Integer> refused = new TreeMap<>();
    /** The last operations done, for the message of a failure. */
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();

    @Test
    void whatEveryNodeShowsEqualsTheModel() throws Exception {
        System.out.printf("[model] seed %d, %d operations%n", seed, operations);
        try (MoimCluster started = MoimCluster.start(NODES, "--moim.messages.send-rate-per-second=1000",
                "--moim.messages.send-burst=1000", "--moim.messages.edit-rate-per-second=1000",
                "--moim.messages.edit-burst=1000", "--moim.rooms.member-adds.count=100000")) {
            cluster = started;
            for (int i = 0; i < USERS; i++) {
                users.add(api().newUser("user" + i));
            }
            for (User user : users) {
                for (int d = 0; d < 2; d++) {
                    devices.add(new Device(user).connect(random.nextInt(NODES)));
                }
            }
            for (int r = 0; r < 3; r++) {
                createRoom();
            }
            for (int op = 0; op < operations; op++) {
                step();
            }
            // A last round in which every member sends and reads, on random nodes, with no membership change after
            // it: nothing reloads the rooms from the database, so what every node shows comes from the commits alone.
            for (Room room : List.copyOf(rooms.values())) {
                if (!room.closed) {
                    for (long member : List.copyOf(room.members.keySet())) {
                        send(room, member);
                        read(room, member(room));
                    }
                }
            }
            System.out.printf("[model] refused as the cluster allows: %s%n", refused);
            checkEveryNode();
            checkLiveEvents();
        } finally {
            devices.forEach(d -> d.client.close());
        }
    }

    // ----- operations -----

    private void step() {
        List<Room> open = rooms.values().stream().filter(room -> !room.closed).toList();
        if (open.isEmpty()) {
            createRoom();
            return;
        }
        Room room = open.get(random.nextInt(open.size()));
        int dice = random.nextInt(100);
        while (recent.size() >= 12) {
            recent.removeFirst();
        }
        recent.addLast("dice " + dice + " room " + room.id + " (last " + room.lastSeq + ", owner " + room.owner
                + ", members " + room.members.keySet() + ")");
        if (dice < 45) {
            send(room, member(room));
        } else if (dice < 52) {
            resend(room);
        } else if (dice < 67) {
            read(room, member(room));
        } else if (dice < 72) {
            edit(room);
        } else if (dice < 76) {
            delete(room);
        } else if (dice < 83) {
            invite(room);
        } else if (dice < 87) {
            kick(room);
        } else if (dice < 91) {
            leave(room);
        } else if (dice < 94) {
            transfer(room);
        } else if (dice < 97) {
            Device device = devices.get(random.nextInt(devices.size()));
            device.reconnect(random.nextInt(NODES));
        } else {
            createRoom();
        }
    }

    private void createRoom() {
        User creator = users.get(random.nextInt(USERS));
        List<User> others = users.stream().filter(u -> u.id() != creator.id() && random.nextBoolean()).toList();
        if (others.isEmpty()) {
            others = List.of(users.get((users.indexOf(creator) + 1) % USERS));
        }
        Api.Response created = api().post("/api/v1/rooms", creator.accessToken(), Map.of("type", "GROUP",
                "name", "room " + (++counter), "memberIds", others.stream().map(User::id).toList()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Room room = new Room(created.body().path("id").asLong(), creator.id());
        // Joined together: the same moment and seq, so by seniority they come in user id order.
        int together = ++counter;
        room.join(creator.id(), 0, together);
        others.forEach(u -> room.join(u.id(), 0, together));
        room.note(); // CREATED
        room.readTo(creator.id(), room.lastSeq);
        rooms.put(room.id, room);
        subscribeMembers(room);
    }

    private void send(Room room, long userId) {
        String clientMsgId = "m" + (++counter);
        String content = "메시지 " + counter;
        Api.Response sent = api().sendRest(user(userId), room.id, clientMsgId, content);
        if (sent.status() != 201) {
            allowRefusal(sent, "NOT_A_MEMBER");
            return;
        }
        long seq = sent.body().path("seq").asLong();
        assertThat(seq).as("seq of a new message in room " + room.id + "; the last operations: " + recent)
                .isEqualTo(room.lastSeq + 1);
        room.messages.put(seq, new Message(userId, clientMsgId, content));
        room.lastSeq = seq;
        room.readTo(userId, seq);
    }

    private void resend(Room room) {
        List<Map.Entry<Long, Message>> mine = room.messages.entrySet().stream()
                .filter(e -> room.members.containsKey(e.getValue().senderId)
                        && room.members.get(e.getValue().senderId).joinedSeq < e.getKey()).toList();
        if (mine.isEmpty()) {
            return;
        }
        Map.Entry<Long, Message> original = mine.get(random.nextInt(mine.size()));
        Api.Response again = api().sendRest(user(original.getValue().senderId), room.id, original.getValue().clientMsgId,
                "a different text that must not be stored");
        if (again.status() != 200) {
            allowRefusal(again, "NOT_A_MEMBER");
            return;
        }
        assertThat(again.body().path("seq").asLong()).as("a resend returns the original").isEqualTo(original.getKey());
    }

    private void read(Room room, long userId) {
        // Mostly forward from where the member has read, as clients do; now and then anywhere (a stale mark).
        long from = room.members.get(userId).lastReadSeq;
        long seq = random.nextInt(4) == 0 ? random.nextLong(room.lastSeq + 1) : from + random.nextLong(room.lastSeq - from + 1);
        Api.Response read = api().post("/api/v1/rooms/" + room.id + "/read", user(userId).accessToken(), Map.of("seq", seq));
        if (read.status() != 204) {
            allowRefusal(read, "INVALID_SEQ", "NOT_A_MEMBER");
            return;
        }
        room.readTo(userId, seq);
    }

    private void edit(Room room) {
        Map.Entry<Long, Message> target = ownLiveMessage(room);
        if (target == null) {
            return;
        }
        Message message = target.getValue();
        String content = "고침 " + (++counter);
        Api.Response edited = api().patch("/api/v1/rooms/" + room.id + "/messages/" + target.getKey(),
                user(message.senderId).accessToken(), Map.of("content", content));
        if (edited.status() != 200) {
            allowRefusal(edited, "NOT_A_MEMBER", "MESSAGE_NOT_FOUND");
            return;
        }
        message.content = content;
    }

    private void delete(Room room) {
        Map.Entry<Long, Message> target = ownLiveMessage(room);
        if (target == null) {
            return;
        }
        Api.Response deleted = api().delete("/api/v1/rooms/" + room.id + "/messages/" + target.getKey(),
                user(target.getValue().senderId).accessToken());
        if (deleted.status() != 200) {
            allowRefusal(deleted, "NOT_A_MEMBER", "MESSAGE_NOT_FOUND");
            return;
        }
        target.getValue().deleted = true;
    }

    private void invite(Room room) {
        List<User> outside = users.stream().filter(u -> !room.members.containsKey(u.id())).toList();
        if (outside.isEmpty()) {
            return;
        }
        User invitee = outside.get(random.nextInt(outside.size()));
        long actor = member(room);
        Api.Response invited = api().post("/api/v1/rooms/" + room.id + "/members", user(actor).accessToken(),
                Map.of("userIds", List.of(invitee.id())));
        if (invited.status() != 204) {
            allowRefusal(invited, "NOT_A_MEMBER", "ALREADY_MEMBER");
            return;
        }
        room.join(invitee.id(), room.lastSeq, ++counter);
        room.note(); // JOINED
        room.readTo(actor, room.lastSeq);
        subscribeMembers(room);
    }

    private void kick(Room room) {
        List<Long> others = room.members.keySet().stream().filter(id -> id != room.owner).toList();
        if (others.isEmpty()) {
            return;
        }
        long target = others.get(random.nextInt(others.size()));
        Api.Response kicked = api().delete("/api/v1/rooms/" + room.id + "/members/" + target, user(room.owner).accessToken());
        if (kicked.status() != 204) {
            allowRefusal(kicked, "NOT_A_MEMBER", "NOT_OWNER", "NOT_MANAGER");
            return;
        }
        room.members.remove(target);
        unwatch(room, target);
        room.note(); // KICKED
        room.readTo(room.owner, room.lastSeq);
    }

    private void leave(Room room) {
        long leaver = member(room);
        Api.Response left = api().post("/api/v1/rooms/" + room.id + "/leave", user(leaver).accessToken(), Map.of());
        if (left.status() != 204) {
            allowRefusal(left, "NOT_A_MEMBER");
            return;
        }
        room.members.remove(leaver);
        unwatch(room, leaver);
        if (room.members.isEmpty()) {
            room.closed = true;
            return;
        }
        room.note(); // LEFT
        if (room.owner == leaver) {
            // The longest-standing member: joined first (by operation; those who joined together by user id).
            room.owner = room.members.entrySet().stream()
                    .min((a, b) -> a.getValue().joinedOrder != b.getValue().joinedOrder
                            ? Integer.compare(a.getValue().joinedOrder, b.getValue().joinedOrder) : Long.compare(a.getKey(), b.getKey()))
                    .orElseThrow().getKey();
            room.note(); // OWNER_CHANGED
        }
    }

    private void transfer(Room room) {
        List<Long> others = room.members.keySet().stream().filter(id -> id != room.owner).toList();
        if (others.isEmpty()) {
            return;
        }
        long next = others.get(random.nextInt(others.size()));
        long previous = room.owner;
        Api.Response moved = api().put("/api/v1/rooms/" + room.id + "/owner", user(previous).accessToken(),
                Map.of("userId", next));
        if (moved.status() != 204) {
            allowRefusal(moved, "NOT_A_MEMBER", "NOT_OWNER");
            return;
        }
        room.owner = next;
        room.note(); // OWNER_CHANGED
        room.readTo(previous, room.lastSeq);
    }

    // ----- checks -----

    private void checkEveryNode() {
        for (Room room : rooms.values()) {
            if (room.closed) {
                continue;
            }
            for (int node = 0; node < NODES; node++) {
                Api api = cluster.api(node);
                for (Map.Entry<Long, Member> member : room.members.entrySet()) {
                    User user = user(member.getKey());
                    long expectedUnread = room.lastSeq - member.getValue().lastReadSeq;
                    String where = "room " + room.id + ", user " + user.id() + ", node " + node;
                    eventually(() -> {
                        JsonNode summary = api.room(user, room.id);
                        assertThat(summary.path("lastSeq").asLong()).as(where + ": last seq").isEqualTo(room.lastSeq);
                        assertThat(summary.path("unreadCount").asLong()).as(where + ": unread").isEqualTo(expectedUnread);
                    });
                }
                User reader = user(room.members.keySet().iterator().next());
                eventually(() -> {
                    List<JsonNode> history = api.wholeHistory(reader, room.id);
                    long from = room.members.get(reader.id()).joinedSeq;
                    List<Long> seqs = history.stream().map(m -> m.path("seq").asLong()).toList();
                    assertThat(seqs).as("room " + room.id + " seqs seen by a member who joined at " + from)
                            .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(from + 1, room.lastSeq).boxed().toList());
                    for (JsonNode m : history) {
                        long seq = m.path("seq").asLong();
                        assertThat(m.path("unreadCount").asInt()).as("room " + room.id + " seq " + seq + " unreadCount")
                                .isEqualTo(room.unreadCount(seq));
                        Message model = room.messages.get(seq);
                        if (model != null) {
                            assertThat(m.path("deleted").asBoolean()).as("seq " + seq + " deleted").isEqualTo(model.deleted);
                            if (!model.deleted) {
                                assertThat(m.path("content").asString()).as("seq " + seq).isEqualTo(model.content);
                            }
                        }
                    }
                });
            }
        }
    }

    /** Every connection of every device saw each room's messages in seq order, never one twice. */
    private void checkLiveEvents() {
        int seen = 0;
        for (Device device : devices) {
            Map<Long, Long> last = new HashMap<>();
            for (Frame frame : device.frames()) {
                if (frame.command().equals("RECONNECTED")) {
                    last.clear();
                } else if (frame.isEvent("message")) {
                    long roomId = frame.json().path("roomId").asLong();
                    long seq = frame.json().path("message").path("seq").asLong();
                    Long before = last.put(roomId, seq);
                    if (before != null) {
                        assertThat(seq).as("a connection of user " + device.user.id() + ", room " + roomId).isGreaterThan(before);
                    }
                    seen++;
                }
            }
        }
        assertThat(seen).as("message events the devices received").isPositive();
    }

    // ----- helpers -----

    private Api api() {
        return cluster.api(random.nextInt(NODES));
    }

    private User user(long id) {
        return users.stream().filter(u -> u.id() == id).findFirst().orElseThrow();
    }

    private long member(Room room) {
        List<Long> ids = new ArrayList<>(room.members.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    private Map.Entry<Long, Message> ownLiveMessage(Room room) {
        List<Map.Entry<Long, Message>> candidates = room.messages.entrySet().stream()
                .filter(e -> !e.getValue().deleted && room.members.containsKey(e.getValue().senderId)
                        && room.members.get(e.getValue().senderId).joinedSeq < e.getKey())
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private void allowRefusal(Api.Response response, String... codes) {
        recent.addLast("refused " + response.code());
        assertThat(response.code()).as(response.toString()).isIn((Object[]) codes);
        refused.merge(response.code(), 1, Integer::sum);
    }

    private void subscribeMembers(Room room) {
        for (Device device : devices) {
            if (room.members.containsKey(device.user.id())) {
                device.watch(room.id);
            }
        }
    }

    private void unwatch(Room room, long userId) {
        devices.stream().filter(d -> d.user.id() == userId).forEach(d -> d.unwatch(room.id));
    }

    private static void eventually(Runnable check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(check::run);
    }

    /** The model of one room. */
    private final class Room {
        final long id;
        long owner;
        long lastSeq;
        boolean closed;
        final Map<Long, Member> members = new LinkedHashMap<>();
        /** Members' messages by seq (SYSTEM notes only move lastSeq). */
        final Map<Long, Message> messages = new TreeMap<>();

        Room(long id, long owner) {
            this.id = id;
            this.owner = owner;
        }

        void join(long userId, long joinedSeq, int joinedOrder) {
            members.put(userId, new Member(joinedSeq, joinedOrder));
        }

        void note() {
            lastSeq++;
        }

        void readTo(long userId, long seq) {
            Member member = members.get(userId);
            if (member != null && seq > member.lastReadSeq) {
                member.lastReadSeq = seq;
            }
        }

        /** KakaoTalk's "1": members who were in the room when it was sent, are not its sender and have not read it. */
        int unreadCount(long seq) {
            Message message = messages.get(seq);
            int unread = 0;
            for (Map.Entry<Long, Member> member : members.entrySet()) {
                if (member.getValue().joinedSeq < seq && member.getValue().lastReadSeq < seq
                        && (message == null || message.senderId != member.getKey())) {
                    unread++;
                }
            }
            return unread;
        }
    }

    private static final class Member {
        final long joinedSeq;
        final int joinedOrder;
        long lastReadSeq;

        Member(long joinedSeq, int joinedOrder) {
            this.joinedSeq = joinedSeq;
            this.joinedOrder = joinedOrder;
            this.lastReadSeq = joinedSeq;
        }
    }

    private static final class Message {
        final long senderId;
        final String clientMsgId;
        String content;
        boolean deleted;

        Message(long senderId, String clientMsgId, String content) {
            this.senderId = senderId;
            this.clientMsgId = clientMsgId;
            this.content = content;
        }
    }

    /** One device of a user: a STOMP client on some node, subscribed to its rooms; every frame it got is kept. */
    private final class Device {
        final User user;
        StompClient client;
        final List<Frame> received = new ArrayList<>();
        final java.util.Set<Long> watching = new java.util.HashSet<>();
        /** The current connection's subscription id of each room it is subscribed to. */
        final Map<Long, String> subscriptions = new HashMap<>();

        Device(User user) {
            this.user = user;
        }

        Device connect(int node) {
            client = StompClient.connect(cluster.node(node).port(), user.accessToken());
            client.subscribe("/user/queue/events");
            subscriptions.clear();
            for (long roomId : watching) {
                subscriptions.put(roomId, client.subscribe("/topic/rooms/" + roomId));
            }
            return this;
        }

        /** Subscribes to a room the user was just added to, once told so (room_added), as a client does. */
        void watch(long roomId) {
            if (watching.add(roomId)) {
                client.awaitEvent("room_added", e -> e.path("room").path("id").asLong() == roomId);
                subscriptions.put(roomId, client.subscribe("/topic/rooms/" + roomId));
            }
        }

        /** The user is out of the room (kicked or left): unsubscribe, as a client does on room_removed. */
        void unwatch(long roomId) {
            watching.remove(roomId);
            String subscription = subscriptions.remove(roomId);
            if (subscription != null) {
                client.awaitEvent("room_removed", e -> e.path("roomId").asLong() == roomId);
                client.unsubscribe(subscription);
            }
        }

        /** A new connection (to another node, maybe), as after a network change. The order check starts over. */
        void reconnect(int node) {
            received.addAll(client.drain(Duration.ZERO));
            received.add(new Frame("RECONNECTED", Map.of(), ""));
            client.close();
            connect(node);
        }

        /** Every frame in order, with a RECONNECTED marker where a new connection began. */
        List<Frame> frames() {
            received.addAll(client.drain(Duration.ofMillis(200)));
            return received.stream().filter(f -> f.command().equals("MESSAGE") || f.command().equals("RECONNECTED")).toList();
        }
    }
}

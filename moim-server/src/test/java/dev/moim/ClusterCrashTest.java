package dev.moim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.moim.support.Api;
import dev.moim.support.Frame;
import dev.moim.support.MoimCluster;
import dev.moim.support.SendLoad;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node of three dies ({@code kill -9}) while clients on two nodes send into one room. Every acknowledged message
 * stays, once, with its seq; resends of what the dead node never answered are stored once or not at all; a member
 * on the third node sees the room in seq order (told to resync where the dead node's last commit never reached it);
 * and the users who were only on the dead node go offline.
 */
class ClusterCrashTest {

    private static final int SENDERS_PER_NODE = 2;

    @Test
    void aNodeKilledUnderLoadLosesNoAcknowledgedMessageAndItsUsersGoOffline() throws Exception {
        try (MoimCluster cluster = MoimCluster.start(3,
                // A dead node is noticed within about two seconds, and its users announced soon after.
                "--moim.cluster.heartbeat=300ms", "--moim.cluster.node-timeout=1500ms", "--moim.realtime.presence-grace=500ms",
                "--moim.messages.send-rate-per-second=1000000", "--moim.messages.send-burst=1000000")) {
            Api api = cluster.api(2);
            Api.User watcher = api.newUser("Watcher");
            List<Api.User> onDoomed = new ArrayList<>();
            List<Api.User> onSurvivor = new ArrayList<>();
            for (int i = 0; i < SENDERS_PER_NODE; i++) {
                onDoomed.add(cluster.api(0).newUser("Doomed" + i));
                onSurvivor.add(cluster.api(1).newUser("Survivor" + i));
            }
            long roomId = api.group(watcher, "kill -9",
                    Stream.concat(onDoomed.stream(), onSurvivor.stream()).toArray(Api.User[]::new));
            StompClient watching = StompClient.connect(cluster.node(2).port(), watcher.accessToken());
            watching.subscribe("/topic/rooms/" + roomId);
            watching.subscribe("/topic/rooms/" + roomId + "/live");
            // What the member on node 2 has seen so far: the room's CREATED note, from before it subscribed.
            long createdSeq = api.room(watcher, roomId).path("lastSeq").asLong();

            SendLoad doomed = SendLoad.start(cluster.node(0).port(), roomId, onDoomed, 16, List.of());
            SendLoad survivor = SendLoad.start(cluster.node(1).port(), roomId, onSurvivor, 16, List.of());
            doomed.awaitAcknowledged(300, Duration.ofSeconds(60));
            survivor.awaitAcknowledged(300, Duration.ofSeconds(60));
            cluster.node(0).kill();
            doomed.stop();
            // The room goes on on the other nodes.
            survivor.awaitAcknowledged(survivor.acknowledged() + 100, Duration.ofSeconds(60));
            survivor.stop();

            // The doomed node's senders reconnect to a live node and resend what was never answered.
            Map<String, Long> resent = new HashMap<>();
            for (Api.User user : onDoomed) {
                try (StompClient client = StompClient.connect(cluster.node(1).port(), user.accessToken())) {
                    for (SendLoad.Pending pending : doomed.unanswered().stream().filter(p -> p.senderId() == user.id()).toList()) {
                        Frame receipt = client.awaitReceipt(client.sendMessage(roomId, pending.clientMsgId(), pending.content()));
                        resent.put(pending.clientMsgId(), Long.parseLong(receipt.header("seq")));
                    }
                }
            }

            List<JsonNode> history = api.wholeHistory(watcher, roomId);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).path("seq").asLong()).as("seq at position " + i).isEqualTo(i + 1);
            }
            Map<String, JsonNode> byClientId = new HashMap<>();
            for (JsonNode message : history) {
                if (message.path("clientMsgId").isString()) {
                    assertThat(byClientId.put(message.path("clientMsgId").asString(), message)).as("stored twice").isNull();
                }
            }
            Map<String, SendLoad.Ack> acks = new HashMap<>(doomed.acks());
            acks.putAll(survivor.acks());
            for (SendLoad.Ack ack : acks.values()) {
                JsonNode stored = byClientId.get(ack.clientMsgId());
                assertThat(stored).as("acknowledged " + ack.clientMsgId()).isNotNull();
                assertThat(stored.path("seq").asLong()).as(ack.clientMsgId()).isEqualTo(ack.seq());
            }
            resent.forEach((clientMsgId, seq) ->
                    assertThat(byClientId.get(clientMsgId).path("seq").asLong()).as("resent " + clientMsgId).isEqualTo(seq));

            // The member on node 2 saw the room in order; the doomed node's users went offline.
            Set<Long> doomedIds = new HashSet<>(onDoomed.stream().map(Api.User::id).toList());
            Set<Long> offline = new HashSet<>();
            watchInOrder(watching, createdSeq, history.getLast().path("seq").asLong(), () -> offline.containsAll(doomedIds),
                    presence -> {
                        for (JsonNode user : presence.path("users")) {
                            if (!user.path("online").asBoolean()) {
                                offline.add(user.path("userId").asLong());
                            }
                        }
                    });
            System.out.printf("[cluster crash] acknowledged %d (%d by the killed node), resent %d, stored %d%n",
                    acks.size(), doomed.acknowledged(), resent.size(), history.size());
        }
    }

    @Test
    void whileRedisRestartsWritesAreRefusedAndTheNodesRecoverByThemselves() throws Exception {
        try (MoimCluster cluster = MoimCluster.start(2,
                "--moim.messages.send-rate-per-second=1000000", "--moim.messages.send-burst=1000000")) {
            Api api = cluster.api(1);
            Api.User watcher = api.newUser("Watcher");
            List<Api.User> senders = List.of(cluster.api(0).newUser("Sender0"), cluster.api(0).newUser("Sender1"));
            long roomId = api.group(watcher, "redis restart", senders.toArray(Api.User[]::new));
            StompClient watching = StompClient.connect(cluster.node(1).port(), watcher.accessToken());
            watching.subscribe("/topic/rooms/" + roomId);
            long createdSeq = api.room(watcher, roomId).path("lastSeq").asLong();

            SendLoad load = SendLoad.start(cluster.node(0).port(), roomId, senders, 8, List.of());
            load.awaitAcknowledged(200, Duration.ofSeconds(60));
            cluster.redis().stop();
            try {
                eventually(() -> assertThat(cluster.api(0).get("/actuator/health", null).status()).isEqualTo(503));
                eventually(() -> assertThat(load.refusalCodes()).containsKey("SERVER_BUSY"));
            } finally {
                cluster.redis().start();
            }
            for (int node = 0; node < 2; node++) {
                Api each = cluster.api(node);
                eventually(() -> assertThat(each.get("/actuator/health", null).status()).isEqualTo(200));
            }
            load.awaitAcknowledged(load.acknowledged() + 200, Duration.ofSeconds(60));
            load.stop();

            assertThat(load.refusalCodes().keySet()).as("refused only as busy, never failed").containsOnly("SERVER_BUSY");
            List<JsonNode> history = api.wholeHistory(watcher, roomId);
            Map<String, Long> stored = new HashMap<>();
            for (int i = 0; i < history.size(); i++) {
                JsonNode message = history.get(i);
                assertThat(message.path("seq").asLong()).as("seq at position " + i).isEqualTo(i + 1);
                if (message.path("clientMsgId").isString()) {
                    assertThat(stored.put(message.path("clientMsgId").asString(), message.path("seq").asLong())).isNull();
                }
            }
            for (SendLoad.Ack ack : load.acks().values()) {
                assertThat(stored.get(ack.clientMsgId())).as("acknowledged " + ack.clientMsgId()).isEqualTo(ack.seq());
            }
            watchInOrder(watching, createdSeq, history.getLast().path("seq").asLong(), () -> true, presence -> {
            });
            System.out.printf("[redis restart] acknowledged %d, refused %d while Redis was down, stored %d%n",
                    load.acknowledged(), load.refused(), history.size());
        }
    }

    /**
     * Reads a member's room topic until it has seen seq {@code last} and {@code done} holds: never a seq twice or
     * backwards, and a jump only right after a resync (the client then fetches what it missed, which history holds).
     */
    private static void watchInOrder(StompClient watching, long from, long last, java.util.function.BooleanSupplier done,
                                     java.util.function.Consumer<JsonNode> presence) {
        long seen = from;
        boolean resyncSince = false;
        while (seen < last || !done.getAsBoolean()) {
            Frame frame = watching.poll(StompClient.WAIT);
            assertThat(frame).as("the member at seq " + seen + " of " + last).isNotNull();
            if (frame.isEvent("resync")) {
                resyncSince = true;
            } else if (frame.isEvent("message")) {
                long seq = frame.json().path("message").path("seq").asLong();
                assertThat(seq).as("after " + seen).isGreaterThan(seen);
                if (seq > seen + 1) {
                    assertThat(resyncSince).as("seq " + seq + " after " + seen + " without a resync").isTrue();
                }
                seen = seq;
                resyncSince = false;
            } else if (frame.isEvent("presence")) {
                presence.accept(frame.json());
            }
        }
    }

    private static void eventually(Runnable check) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(check::run);
    }
}

package dev.moim;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.moim.support.Api;
import dev.moim.support.Frame;
import dev.moim.support.MoimServerProcess;
import dev.moim.support.SendLoad;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise behind every RECEIPT and 201: what was acknowledged survives {@code kill -9}. The server runs in
 * its own JVM; senders load one room as fast as it acknowledges; once enough is acknowledged the process gets
 * SIGKILL with sends still in flight; after a restart on the same data every acknowledged message must be there
 * with its seq and content, seqs must have no gap, and new sends must go on after the last seq (none reused).
 * Runs once per store (H2, PostgreSQL); the database must outlive the killed server, so PostgreSQL runs apart.
 */
abstract class CrashDurabilityContract {

    /** Acknowledged sends before the kill: enough that a store that loses recent commits loses some of them. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 1500;
    private static final int STOMP_SENDERS = 4;
    private static final int REST_SENDERS = 2;
    /** SENDs each STOMP sender keeps waiting for a receipt, so that the writer always has a full group to commit. */
    private static final int WINDOW = 64;

    /** Arguments that point the server at the store under test. */
    protected abstract List<String> storeArguments();

    protected abstract String storeName();

    @Test
    void everyAcknowledgedMessageSurvivesAKillDuringSends() {
        Path data = Path.of("target", "test-data", "crash-" + storeName() + "-" + UUID.randomUUID()).toAbsolutePath();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<String> arguments = Stream.concat(storeArguments().stream(), Stream.of(
                // The same key after the restart, so that the senders' tokens stay valid.
                "--moim.auth.jwt-secret=" + Base64.getEncoder().encodeToString(key),
                // No rate limit in the way: the writer must be busy when the kill comes.
                "--moim.messages.send-rate-per-second=1000000",
                "--moim.messages.send-burst=1000000")).toList();
        List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        long started = System.nanoTime();
        long loadStarted;
        long killed;
        Api.User owner;
        List<Api.User> stompUsers = new ArrayList<>();
        List<Api.User> restUsers = new ArrayList<>();
        long roomId;
        SendLoad load;
        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, arguments)) {
            Api api = server.api();
            owner = api.newUser("Owner");
            for (int i = 0; i < STOMP_SENDERS; i++) {
                stompUsers.add(api.newUser("Stomp" + i));
            }
            for (int i = 0; i < REST_SENDERS; i++) {
                restUsers.add(api.newUser("Rest" + i));
            }
            roomId = api.group(owner, "Crash", Stream.concat(stompUsers.stream(), restUsers.stream()).toArray(Api.User[]::new));

            loadStarted = System.nanoTime();
            load = SendLoad.start(server.port(), roomId, stompUsers, WINDOW, restUsers);
            load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_KILL, Duration.ofSeconds(40));
            server.kill();
            killed = System.nanoTime();
        }
        load.stop();
        Map<String, SendLoad.Ack> acks = load.acks();
        List<SendLoad.Pending> unanswered = load.unanswered();
        long inFlight = load.sent() - acks.size() - load.refused();
        assertThat(load.refusalCodes()).as("refusals before the kill").isEmpty();

        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, arguments)) {
            Api api = server.api();
            List<JsonNode> recovered = api.wholeHistory(owner, roomId);
            long lastSeq = recovered.size();
            Map<String, JsonNode> byClientId = byClientMsgId(recovered);
            long keptUnacknowledged = byClientId.keySet().stream().filter(id -> !acks.containsKey(id)).count();
            List<String> lost = new ArrayList<>();
            for (SendLoad.Ack ack : acks.values()) {
                JsonNode stored = byClientId.get(ack.clientMsgId());
                if (stored == null || stored.path("seq").asLong() != ack.seq()
                        || !stored.path("content").asString().equals(ack.content())
                        || stored.path("sender").path("id").asLong() != ack.senderId()) {
                    lost.add(ack.clientMsgId() + " (acknowledged as seq " + ack.seq() + ", now "
                            + (stored == null ? "missing" : "seq " + stored.path("seq").asLong() + " " + stored.path("clientMsgId").asString()) + ")");
                }
            }
            System.out.printf("[crash %s] acknowledged %d, in flight at the kill %d, recovered %d messages "
                            + "(%d of them sent but never acknowledged), lost %d, last seq %d "
                            + "(start %d ms, load %d ms, restart %d ms)%n",
                    storeName(), acks.size(), inFlight, byClientId.size(), keptUnacknowledged, lost.size(), lastSeq,
                    millis(loadStarted - started), millis(killed - loadStarted), millis(System.nanoTime() - killed));

            assertThat(lost.size()).as("acknowledged messages lost or changed by kill -9 on " + storeName() + " (of "
                    + acks.size() + "), for example " + lost.subList(0, Math.min(5, lost.size()))).isZero();
            assertGapFree(recovered);
            assertThat(api.room(owner, roomId).path("lastSeq").asLong()).as("the room's last seq").isEqualTo(lastSeq);

            // What was never answered is resent with the same clientMsgId, as a client would after reconnecting:
            // a message that was committed comes back with its seq, one that was not gets a new one after lastSeq.
            // One new message per sender shows that seqs go on from lastSeq + 1.
            List<Long> newSeqs = new ArrayList<>();
            for (Api.User user : stompUsers) {
                try (StompClient client = StompClient.connect(server.port(), user.accessToken())) {
                    for (SendLoad.Pending pending : unanswered.stream().filter(p -> p.senderId() == user.id()).toList()) {
                        long seq = seqOf(client.awaitReceipt(client.sendMessage(roomId, pending.clientMsgId(), pending.content())));
                        JsonNode stored = byClientId.get(pending.clientMsgId());
                        if (stored != null) {
                            assertThat(seq).as("resend of committed " + pending.clientMsgId()).isEqualTo(stored.path("seq").asLong());
                        } else {
                            newSeqs.add(seq);
                        }
                    }
                    String fresh = "after-restart-" + user.id();
                    newSeqs.add(seqOf(client.awaitReceipt(client.sendMessage(roomId, fresh, SendLoad.contentOf(fresh)))));
                }
            }
            assertThat(newSeqs).as("seqs given after the restart")
                    .containsExactlyInAnyOrderElementsOf(Stream.iterate(lastSeq + 1, s -> s + 1).limit(newSeqs.size()).toList());

            List<JsonNode> after = api.wholeHistory(owner, roomId);
            assertGapFree(after);
            Map<String, JsonNode> afterByClientId = byClientMsgId(after);
            assertThat(after.stream().filter(m -> m.path("clientMsgId").isString()).count())
                    .as("messages with a clientMsgId, each stored once").isEqualTo(afterByClientId.size());
            for (SendLoad.Ack ack : acks.values()) {
                assertThat(afterByClientId.get(ack.clientMsgId()).path("seq").asLong()).isEqualTo(ack.seq());
            }
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static long seqOf(Frame receipt) {
        return Long.parseLong(receipt.header("seq"));
    }

    private static void assertGapFree(List<JsonNode> messages) {
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).path("seq").asLong()).as("seq at position " + i).isEqualTo(i + 1);
        }
    }

    private static Map<String, JsonNode> byClientMsgId(List<JsonNode> messages) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode message : messages) {
            JsonNode id = message.path("clientMsgId");
            if (id.isString()) {
                byId.put(id.asString(), message);
            }
        }
        return byId;
    }
}

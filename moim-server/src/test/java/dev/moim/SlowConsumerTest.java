package dev.moim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.Json;
import dev.moim.support.StalledClient;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribers that stop reading cost nobody else anything: every other subscriber, in their room and elsewhere,
 * keeps getting every message in order, and the stalled sessions are closed once their own buffer is full.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // One sender does all the talking here; the per-user rate limit is not what is under test.
        "moim.messages.send-rate-per-second=100000",
        "moim.messages.send-burst=100000",
        // A small buffer so that a stalled session fills it after a few messages, not after a megabyte; still
        // well above what a reader can be sent at once here (one batch), so that a reader is never closed.
        "moim.realtime.send-buffer-size-limit=262144",
        // Offline is announced as soon as a stalled session is closed: that announcement is how the test sees it.
        "moim.realtime.presence-grace=0s",
        // Ten users sign up from 127.0.0.1; the sign-up limit has its own tests.
        "moim.auth.signups-per-ip.count=10000"})
class SlowConsumerTest {

    /** More stalled sockets than the server has outbound workers (moim.realtime.outbound-threads, 4). */
    private static final int STALLED = 8;
    /** Far more than a stalled socket can absorb: its TCP buffers (a few MiB at most) plus its 256 KiB buffer. */
    private static final int MAX_MESSAGES = 2000;
    /**
     * Messages sent to the busy room before waiting for them all (about 60 KB), so that the stalled sockets fill
     * up in fewer round trips. A reader is never more than one batch behind.
     */
    private static final int BATCH = 5;
    /** The longest content a message may have, in three-byte characters: about 12 KB per frame. */
    private static final String LONG = "모임".repeat(2000);

    @LocalServerPort
    int port;

    private final List<AutoCloseable> clients = new ArrayList<>();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "slow-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    @Test
    void subscribersThatStopReadingAreClosedWithoutDelayingAnyoneElse() {
        Api api = new Api(port);
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        List<User> stalledUsers = new ArrayList<>();
        for (int i = 0; i < STALLED; i++) {
            stalledUsers.add(api.newUser("Stalled" + i));
        }
        long busy = api.group(alice, "Busy room", stalledUsers.toArray(User[]::new));
        long quiet = api.group(alice, "Quiet room", bob);

        StompClient aliceClient = track(StompClient.connect(port, alice.accessToken()));
        aliceClient.subscribe("/topic/rooms/" + busy);
        // Presence in a group goes to those looking at the room (its live topic): Alice watches it.
        aliceClient.subscribe("/topic/rooms/" + busy + "/live");
        StompClient bobClient = track(StompClient.connect(port, bob.accessToken()));
        bobClient.subscribe("/topic/rooms/" + quiet);
        List<StalledClient> stalled = new ArrayList<>();
        Set<Long> stalledIds = new HashSet<>();
        for (User user : stalledUsers) {
            stalled.add(track(StalledClient.subscribe(port, user.accessToken(), "/topic/rooms/" + busy)));
            stalledIds.add(user.id());
        }
        // A reader that subscribed after the stalled ones: a room's subscribers are served in the order they came,
        // so this one is served after every stalled socket has had its turn (and its closing).
        StompClient lateReader = track(StompClient.connect(port, alice.accessToken()));
        lateReader.subscribe("/topic/rooms/" + busy);

        // Alice talks in both rooms until every stalled subscriber has been closed (announced offline); every
        // message must reach Alice and the late reader (busy room) and Bob (quiet room) in order within the usual wait.
        Set<Long> closed = new HashSet<>();
        int sent = 0;
        while (!closed.containsAll(stalledIds)) {
            assertThat(sent).as("messages sent before every stalled subscriber was closed").isLessThan(MAX_MESSAGES);
            int first = sent + 1;
            for (int i = 0; i < BATCH; i++) {
                sent++;
                say(aliceClient, busy, "busy-" + sent, LONG);
            }
            say(aliceClient, quiet, "quiet-" + first, "busy room at " + first);
            for (int n = first; n <= sent; n++) {
                assertThat(nextMessage(aliceClient).path("clientMsgId").asString()).isEqualTo("busy-" + n);
                assertThat(nextMessage(lateReader).path("clientMsgId").asString()).isEqualTo("busy-" + n);
            }
            assertThat(nextMessage(bobClient).path("clientMsgId").asString()).isEqualTo("quiet-" + first);
            for (Frame frame : aliceClient.drain(Duration.ZERO)) {
                if (frame.isEvent("presence")) {
                    for (JsonNode change : frame.json().path("users")) {
                        if (!change.path("online").asBoolean()) {
                            closed.add(change.path("userId").asLong());
                        }
                    }
                }
            }
        }

        assertThat(aliceClient.isClosed()).as("Alice's session").isFalse();
        assertThat(lateReader.isClosed()).as("the late reader's session").isFalse();
        assertThat(bobClient.isClosed()).as("Bob's session").isFalse();
        // What a stalled subscriber was still sent arrives in order and with no gap; then the connection ends.
        for (StalledClient client : stalled) {
            StalledClient.Ending ending = client.resume(StompClient.WAIT);
            assertThat(ending.ended()).as("the server ended the stalled connection").isTrue();
            List<String> got = ending.frames().stream()
                    .filter(f -> f.isEvent("message"))
                    .map(f -> f.json().path("message").path("clientMsgId").asString())
                    .toList();
            assertThat(got.size()).isLessThan(sent);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).isEqualTo("busy-" + (i + 1));
            }
        }
        // And the room goes on for those who read.
        say(aliceClient, busy, "after", "still here");
        assertThat(nextMessage(aliceClient).path("clientMsgId").asString()).isEqualTo("after");
    }

    /**
     * A SEND without a receipt header. RECEIPTs reach a socket outside Spring's per-session publish order, and a
     * RECEIPT racing an event can let the next event overtake it (spring-framework#27173); the order asserted here
     * is that of the events, so only events travel to the readers.
     */
    private static void say(StompClient client, long roomId, String clientMsgId, String content) {
        client.send("SEND", Map.of("destination", "/app/rooms/" + roomId + "/messages", "content-type", "application/json"),
                "{\"clientMsgId\":\"" + clientMsgId + "\",\"type\":\"TEXT\",\"content\":" + Json.quote(content) + "}");
    }

    private static JsonNode nextMessage(StompClient client) {
        return client.await(f -> f.isEvent("message"), StompClient.WAIT).json().path("message");
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }
}

package dev.moim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user cannot exhaust a node: a bounded number of sockets per user, a bounded number of subscriptions per
 * socket, and one subscription per destination, so that one message is one frame to a socket.
 */
class SocketLimitsTest extends TrustTestServer {

    @Test
    void aUserHoldsAtMostTheAllowedNumberOfSockets() {
        User alice = api.newUser("Alice");
        List<StompClient> sockets = new ArrayList<>();
        for (int i = 0; i < MAX_SESSIONS; i++) {
            sockets.add(connect(alice));
        }

        StompClient extra = open();
        Frame refused = extra.connectWith(alice.accessToken());
        assertThat(refused.command()).isEqualTo("ERROR");
        assertThat(refused.header("message")).isEqualTo("TOO_MANY_SESSIONS");
        assertThat(refused.json().path("code").asString()).isEqualTo("TOO_MANY_SESSIONS");
        extra.awaitClosed();

        // The sockets already open, and other users, are not affected.
        sockets.getFirst().subscribe("/user/queue/events");
        connect(api.newUser("Bob")).subscribe("/user/queue/events");

        // Closing one makes room for another once the server has seen it close.
        sockets.getFirst().close();
        StompClient again = connectOnceThereIsRoom(alice);
        again.subscribe("/user/queue/events");
    }

    @Test
    void aSessionSubscribesToADestinationOnceAndToABoundedNumberOfThem() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        List<Long> rooms = new ArrayList<>();
        for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
            rooms.add(api.group(alice, "room " + i, bob));
        }
        StompClient client = connect(bob);
        subscribe(client, "events", "/user/queue/events");
        subscribe(client, "room-0", "/topic/rooms/" + rooms.get(0));

        // The same destination again, under another id: refused, and the first subscription goes on alone.
        client.send("SUBSCRIBE", headers("id", "room-0-again", "destination", "/topic/rooms/" + rooms.get(0),
                "receipt", "dup-1"), "");
        assertThat(awaitRefusal(client, "dup-1").json().path("code").asString()).isEqualTo("ALREADY_SUBSCRIBED");
        // A subscription id in use: refused too.
        client.send("SUBSCRIBE", headers("id", "room-0", "destination", "/topic/rooms/" + rooms.get(1), "receipt", "dup-2"), "");
        assertThat(awaitRefusal(client, "dup-2").json().path("code").asString()).isEqualTo("ALREADY_SUBSCRIBED");

        api.sendRest(alice, rooms.get(0), "once-1", "one frame");
        api.sendRest(alice, rooms.get(0), "once-2", "the next one");
        client.awaitEvent("message", e -> e.path("message").path("content").asString().equals("one frame"));
        client.awaitEvent("message", e -> e.path("message").path("content").asString().equals("the next one"));
        assertThat(client.drain(Duration.ZERO)).noneMatch(f -> f.body().contains("one frame"));

        for (int i = 1; i < MAX_SUBSCRIPTIONS - 1; i++) {
            subscribe(client, "room-" + i, "/topic/rooms/" + rooms.get(i));
        }
        String last = "/topic/rooms/" + rooms.get(MAX_SUBSCRIPTIONS - 1);
        client.send("SUBSCRIBE", headers("id", "one-too-many", "destination", last, "receipt", "cap-1"), "");
        assertThat(awaitRefusal(client, "cap-1").json().path("code").asString()).isEqualTo("TOO_MANY_SUBSCRIPTIONS");

        // UNSUBSCRIBE gives the place back; frames of a session are handled in order, so no waiting is needed.
        client.send("UNSUBSCRIBE", headers("id", "room-1"), "");
        subscribe(client, "room-last", last);
        // And the released destination may be subscribed again.
        client.send("UNSUBSCRIBE", headers("id", "room-2"), "");
        subscribe(client, "room-1-again", "/topic/rooms/" + rooms.get(1));
        assertThat(client.isClosed()).isFalse();
    }

    private static void subscribe(StompClient client, String id, String destination) {
        client.send("SUBSCRIBE", headers("id", id, "destination", destination, "receipt", "r-" + id), "");
        client.awaitReceipt("r-" + id);
    }

    /** The server learns of a closed socket asynchronously: try again until it has, within the usual wait. */
    private StompClient connectOnceThereIsRoom(User user) {
        long deadline = System.nanoTime() + StompClient.WAIT.toNanos();
        while (true) {
            StompClient client = open();
            Frame reply = client.connectWith(user.accessToken());
            if (reply.command().equals("CONNECTED")) {
                return client;
            }
            assertThat(reply.header("message")).isEqualTo("TOO_MANY_SESSIONS");
            client.awaitClosed();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No room for a new socket after one was closed");
            }
        }
    }
}

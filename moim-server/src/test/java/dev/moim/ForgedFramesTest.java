package dev.moim;

import java.time.Duration;
import java.util.List;

import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may send only the frames a client sends (CONNECT/STOMP, SUBSCRIBE, UNSUBSCRIBE, SEND, ACK/NACK,
 * DISCONNECT and heart-beats). A server frame from a client, MESSAGE above all, would otherwise be relayed by the
 * broker as if the server had said it.
 */
class ForgedFramesTest extends TrustTestServer {

    @Test
    void aMessageFrameForgedToARoomTopicEndsTheForgersSessionAndReachesNoOne() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User mallory = api.newUser("Mallory");
        long roomId = api.group(alice, "club", bob, mallory);
        StompClient victim = connect(bob);
        victim.subscribe("/user/queue/events");
        victim.subscribe("/topic/rooms/" + roomId);
        StompClient attacker = connect(mallory);

        attacker.send("MESSAGE", headers("destination", "/topic/rooms/" + roomId, "content-type", "application/json",
                "subscription", "s1", "message-id", "forged-1"), forgedMessage(roomId, alice));
        // Frames of one session are handled in order: once the next frame is answered (or the session has been ended),
        // the forged one has been dealt with.
        Frame answer = answerAfterForgery(attacker);

        // Events of a room reach a subscriber in order: a forged event handled before this real one would be seen first.
        api.sendRest(alice, roomId, "real-1", "a real message");
        victim.awaitEvent("message", e -> e.path("message").path("content").asString().equals("a real message"));
        assertThat(victim.drain(Duration.ZERO)).noneMatch(f -> f.body().contains("forged"));

        assertThat(answer.command()).isEqualTo("ERROR");
        assertThat(answer.header("message")).isEqualTo("FORBIDDEN");
        assertThat(answer.json().path("code").asString()).isEqualTo("FORBIDDEN");
        attacker.awaitClosed();
    }

    @Test
    void aMessageFrameForgedToAnotherUsersQueueEndsTheForgersSessionAndReachesNoOne() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User mallory = api.newUser("Mallory");
        StompClient victim = connect(bob);
        victim.subscribe("/user/queue/events");
        StompClient attacker = connect(mallory);

        attacker.send("MESSAGE", headers("destination", "/user/" + bob.id() + "/queue/events",
                "content-type", "application/json", "subscription", "s1", "message-id", "forged-2"),
                "{\"type\":\"room_added\",\"room\":{\"id\":424242,\"type\":\"GROUP\",\"name\":\"forged room\",\"unreadCount\":5}}");
        Frame answer = answerAfterForgery(attacker);

        // A real personal event after the forged one: the forged event would have come first.
        long roomId = api.group(alice, "real room", bob);
        victim.awaitEvent("room_added", e -> e.path("room").path("id").asLong() == roomId);
        assertThat(victim.drain(Duration.ZERO)).noneMatch(f -> f.body().contains("forged"));

        assertThat(answer.command()).isEqualTo("ERROR");
        assertThat(answer.header("message")).isEqualTo("FORBIDDEN");
        attacker.awaitClosed();
    }

    @Test
    void theErrorFrameArrivesWhileOtherFramesToTheForgerAreStillGoingOut() {
        User alice = api.newUser("Alice");
        User mallory = api.newUser("Mallory");
        long roomId = api.group(alice, "private");
        for (int round = 0; round < 5; round++) {
            StompClient attacker = connect(mallory);
            attacker.subscribe("/user/queue/events");
            // Hundreds of refused SUBSCRIBEs, each answered with an error event on the forger's queue, then a forged
            // MESSAGE in the same WebSocket message: the ERROR that ends the session is sent while those events are
            // still being written, and must not be lost with the ones the close cuts off.
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                burst.append(StompClient.frame("SUBSCRIBE", headers("id", "x" + i, "destination", "/topic/rooms/" + roomId), ""));
            }
            burst.append(StompClient.frame("MESSAGE", headers("destination", "/topic/rooms/" + roomId, "subscription", "s1",
                    "message-id", "forged-3"), forgedMessage(roomId, alice)));
            attacker.sendRaw(burst.toString());
            Frame error = attacker.await(f -> f.command().equals("ERROR"), StompClient.WAIT);
            assertThat(error).as("round %d", round).isNotNull();
            assertThat(error.header("message")).isEqualTo("FORBIDDEN");
            attacker.awaitClosed();
        }
    }

    @Test
    void everyOtherServerFrameAndUnknownCommandIsRefusedWithAnErrorFrame() {
        for (String command : List.of("RECEIPT", "ERROR", "CONNECTED")) {
            StompClient attacker = connect(api.newUser("Mallory"));
            attacker.send(command, headers("receipt-id", "x", "message", "hello", "destination", "/topic/rooms/1"), "");
            Frame error = awaitError(attacker);
            assertThat(error.header("message")).as(command).isEqualTo("FORBIDDEN");
            attacker.awaitClosed();
        }
        StompClient unknown = connect(api.newUser("Mallory"));
        unknown.send("HELLO", headers("destination", "/topic/rooms/1"), "");
        assertThat(awaitError(unknown).header("message")).isEqualTo("MALFORMED_REQUEST");
        unknown.awaitClosed();

        // Not even before CONNECT.
        StompClient anonymous = open();
        anonymous.send("MESSAGE", headers("destination", "/topic/rooms/1", "subscription", "s1", "message-id", "m"), "{}");
        assertThat(awaitError(anonymous).command()).isEqualTo("ERROR");
        anonymous.awaitClosed();
    }

    @Test
    void aSecondConnectOnAConnectedSessionEndsIt() {
        User bob = api.newUser("Bob");
        User mallory = api.newUser("Mallory");
        StompClient client = connect(mallory);
        // Connecting a second user on the same socket would leave Mallory's session out of reach of log-out and caps.
        client.send("CONNECT", headers("accept-version", "1.2", "host", "localhost", "heart-beat", "0,0",
                "Authorization", "Bearer " + bob.accessToken()), "");
        assertThat(awaitError(client).header("message")).isIn("FORBIDDEN", "MALFORMED_REQUEST");
        client.awaitClosed();
    }

    @Test
    void aHeartBeatBeforeConnectEndsTheSession() {
        // Heart-beats are agreed at CONNECT: a socket that never connects must not keep itself open with them.
        StompClient idle = open();
        idle.sendRaw("\n");
        assertThat(awaitError(idle).header("message")).isIn("FORBIDDEN", "MALFORMED_REQUEST");
        idle.awaitClosed();
    }

    @Test
    void heartBeatsAndIgnoredAcknowledgementsLeaveTheSessionOpen() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long roomId = api.group(alice, "beats", bob);
        StompClient client = connect(bob);
        client.subscribe("/topic/rooms/" + roomId);

        client.sendRaw("\n");
        client.sendRaw("\r\n");
        // Moim does not use client acknowledgements: ACK and NACK change nothing, and are answered when asked.
        client.send("ACK", headers("id", "m-1", "receipt", "ack-1"), "");
        client.awaitReceipt("ack-1");
        client.send("NACK", headers("id", "m-2", "receipt", "nack-1"), "");
        client.awaitReceipt("nack-1");

        client.awaitReceipt(client.sendMessage(roomId, "after-beats", "still here"));
        client.awaitEvent("message", e -> e.path("message").path("content").asString().equals("still here"));
        assertThat(client.isClosed()).isFalse();
    }

    /**
     * Frames of one session are handled in order: once the frame after the forged one is answered (a RECEIPT), or
     * the session has been ended (an ERROR), the server has dealt with the forged frame.
     */
    private static Frame answerAfterForgery(StompClient attacker) {
        // The server may have ended the session before this goes out; its ERROR frame has arrived by then.
        attacker.sendIfOpen("SUBSCRIBE", headers("id", "after", "destination", "/user/queue/events", "receipt", "after-forgery"), "");
        return attacker.await(f -> f.command().equals("ERROR") || f.command().equals("RECEIPT"), StompClient.WAIT);
    }

    private static String forgedMessage(long roomId, User impersonated) {
        return "{\"type\":\"message\",\"roomId\":" + roomId + ",\"message\":{\"roomId\":" + roomId
                + ",\"seq\":9999,\"id\":\"forged\",\"clientMsgId\":\"forged\",\"sender\":{\"id\":" + impersonated.id()
                + ",\"nickname\":\"Alice\"},\"type\":\"TEXT\",\"content\":\"forged by Mallory\",\"createdAt\":\"bad date\","
                + "\"unreadCount\":0}}";
    }
}

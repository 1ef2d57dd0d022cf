package dev.moim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member sees a room from the seq at which they joined until the seq at which they left: live events about older
 * messages do not reach them, and every message before their removal does, however close behind it the removal comes.
 */
class JoinSeqEventsTest extends TrustTestServer {

    @Test
    void editsAndDeletionsOfMessagesFromBeforeAMemberJoinedDoNotReachThem() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User carol = api.newUser("Carol");
        long roomId = api.group(alice, "before carol", bob);
        long oldSeq = api.sendRest(alice, roomId, "old-1", "said before Carol joined").body().path("seq").asLong();
        assertThat(api.post("/api/v1/rooms/" + roomId + "/members", alice.accessToken(), Map.of("userIds", List.of(carol.id())))
                .status()).isEqualTo(204);

        StompClient earlier = connect(bob);
        earlier.subscribe("/topic/rooms/" + roomId);
        StompClient later = connect(carol);
        later.subscribe("/topic/rooms/" + roomId);

        assertThat(api.patch("/api/v1/rooms/" + roomId + "/messages/" + oldSeq, alice.accessToken(),
                Map.of("content", "edited after Carol joined")).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/messages/" + oldSeq, alice.accessToken()).status()).isEqualTo(200);

        // An earlier member sees both changes.
        JsonNode edited = earlier.awaitEvent("message_edited").path("message");
        assertThat(edited.path("seq").asLong()).isEqualTo(oldSeq);
        assertThat(edited.path("content").asString()).isEqualTo("edited after Carol joined");
        assertThat(earlier.awaitEvent("message_deleted").path("message").path("seq").asLong()).isEqualTo(oldSeq);

        // Events of a room arrive in order, so once Carol has this later message, the two changes would have come first.
        long newSeq = api.sendRest(alice, roomId, "new-1", "said after Carol joined").body().path("seq").asLong();
        later.awaitEvent("message", e -> e.path("message").path("seq").asLong() == newSeq);
        assertThat(later.drain(Duration.ZERO))
                .noneMatch(f -> f.isEvent("message_edited") || f.isEvent("message_deleted"));

        // History and the message endpoints hold the same line.
        assertThat(api.history(carol, roomId, "afterSeq=0").findValues("seq").stream().map(JsonNode::asLong))
                .doesNotContain(oldSeq).contains(newSeq);
        assertThat(api.patch("/api/v1/rooms/" + roomId + "/messages/" + oldSeq, carol.accessToken(), Map.of("content", "x"))
                .code()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(api.delete("/api/v1/rooms/" + roomId + "/messages/" + oldSeq, carol.accessToken()).code())
                .isEqualTo("MESSAGE_NOT_FOUND");
    }

    @Test
    void aRemovedMemberReceivesEveryMessageSentJustBeforeTheRemovalAndNothingAfter() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        User carol = api.newUser("Carol");
        long roomId = api.group(alice, "revolving door", bob, carol);
        StompClient owner = connect(alice);
        owner.subscribe("/topic/rooms/" + roomId);
        StompClient third = connect(carol);
        String members = "/api/v1/rooms/" + roomId + "/members";

        // 25 rounds: Alice and Carol each send one message a round, well inside the send burst of 30.
        int messageFirst = 0;
        for (int round = 1; round <= 25; round++) {
            StompClient member = connect(bob);
            member.subscribe("/topic/rooms/" + roomId);
            // The message goes out over STOMP and the removal over REST at once; whichever the writer takes first
            // gets the lower seq, and that order alone decides whether Bob receives the message.
            String lastId = "last-" + round;
            String receipt = owner.sendMessage(roomId, lastId, "last words " + round);
            assertThat(api.delete(members + "/" + bob.id(), alice.accessToken()).status()).isEqualTo(204);
            long messageSeq = Long.parseLong(owner.awaitReceipt(receipt).header("seq"));
            long removedAt = owner.awaitEvent("message", e -> e.path("message").path("system").path("event").asString().equals("KICKED"))
                    .path("message").path("seq").asLong();
            // Carol's message after the removal: once Alice has it, anything of the room for Bob would have come.
            String afterId = "after-" + round;
            third.awaitReceipt(third.sendMessage(roomId, afterId, "after " + round));

            if (messageSeq < removedAt) {
                messageFirst++;
                JsonNode last = member.awaitEvent("message", e -> e.path("message").path("clientMsgId").asString().equals(lastId));
                assertThat(last.path("message").path("seq").asLong()).as("round %d", round).isEqualTo(messageSeq);
            }
            // The KICKED note and everything after it are for the remaining members only.
            owner.awaitEvent("message", e -> e.path("message").path("clientMsgId").asString().equals(afterId));
            assertThat(member.drain(Duration.ofMillis(50))).as("round %d", round)
                    .noneMatch(f -> f.isEvent("message") && f.json().path("message").path("seq").asLong() >= removedAt);
            member.close();
            assertThat(api.post(members, alice.accessToken(), Map.of("userIds", List.of(bob.id()))).status()).isEqualTo(204);
        }
        System.out.println("rounds where the message came just before the removal: " + messageFirst + " of 25");
    }
}

package dev.moim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A member sees a room from the seq at which they joined: live events about older messages do not reach them. */
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
}

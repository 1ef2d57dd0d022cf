package dev.moim;

import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad frames get a typed refusal over STOMP, never INTERNAL_ERROR or silence, and store nothing. */
class StompBadInputTest extends TrustTestServer {

    @Test
    void aSendWithAnEmptyBodyIsAMalformedRequest() {
        User alice = api.newUser("Alice");
        long roomId = api.group(alice, "empty", api.newUser("Bob"));
        StompClient client = connect(alice);
        client.subscribe("/user/queue/events");
        for (String action : new String[] {"messages", "read", "typing"}) {
            client.send("SEND", headers("destination", "/app/rooms/" + roomId + "/" + action,
                    "content-type", "application/json", "receipt", "empty-" + action), "");
            JsonNode error = awaitRefusal(client, "empty-" + action).json();
            assertThat(error.path("code").asString()).as(action).isEqualTo("MALFORMED_REQUEST");
        }
        assertThat(api.history(alice, roomId, "afterSeq=1")).isEmpty();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void contentThatIsNotAStringIsRefused() {
        User alice = api.newUser("Alice");
        long roomId = api.group(alice, "scalars", api.newUser("Bob"));
        StompClient client = connect(alice);
        client.subscribe("/user/queue/events");
        for (String content : new String[] {"123", "true", "1.5"}) {
            String receipt = client.sendJson("/app/rooms/" + roomId + "/messages",
                    "{\"clientMsgId\":\"scalar-" + content + "\",\"type\":\"TEXT\",\"content\":" + content + "}");
            JsonNode error = awaitRefusal(client, receipt).json();
            assertThat(error.path("code").asString()).as(content).isIn("MALFORMED_REQUEST", "VALIDATION_FAILED");
        }
        assertThat(api.history(alice, roomId, "afterSeq=1")).isEmpty();
    }

    @Test
    void aConnectForAnUnsupportedStompVersionGetsAnErrorFrame() {
        User alice = api.newUser("Alice");
        StompClient client = open();
        client.send("CONNECT", headers("accept-version", "9.9", "host", "localhost", "heart-beat", "0,0",
                "Authorization", "Bearer " + alice.accessToken()), "");
        Frame error = awaitError(client);
        assertThat(error.header("message")).isEqualTo("MALFORMED_REQUEST");
        assertThat(error.json().path("message").asString()).contains("1.2");
        client.awaitClosed();
    }
}

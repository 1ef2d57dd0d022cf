package dev.moim;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.Frame;
import dev.moim.support.Json;
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
 * A room writer that takes in more than it commits refuses the excess as SERVER_BUSY instead of letting it queue
 * (moim.messages.max-queue-wait). Here the wait allowed is zero, so every send that arrives while another still
 * waits is refused: each send ends either stored and acknowledged or refused with its clientMsgId, never both,
 * never neither.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.messages.max-queue-wait=0ms",
        "moim.messages.send-rate-per-second=100000",
        "moim.messages.send-burst=100000"})
class WriterOverloadTest {

    /**
     * Pipelined, a hundred to a WebSocket message (each message stays far below the 64 KiB limit): the inbound
     * worker queues them far faster than one commit takes.
     */
    private static final int SENDS = 500;

    @LocalServerPort
    int port;

    private StompClient client;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "overload-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void sendsBeyondWhatTheWriterKeepsUpWithAreRefusedAsServerBusyAndStoreNothing() {
        Api api = new Api(port);
        User alice = api.newUser("Alice");
        long roomId = api.group(alice, "overloaded", api.newUser("Bob"));
        client = StompClient.connect(port, alice.accessToken());
        client.subscribe("/user/queue/events");

        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < SENDS; i++) {
            if (i % 100 == 0 && !burst.isEmpty()) {
                client.sendRaw(burst.toString());
                burst.setLength(0);
            }
            String body = "{\"clientMsgId\":\"m-" + i + "\",\"type\":\"TEXT\",\"content\":" + Json.quote("message " + i) + "}";
            burst.append(StompClient.frame("SEND", Map.of("destination", "/app/rooms/" + roomId + "/messages",
                    "content-type", "application/json", "receipt", "r-" + i), body));
        }
        client.sendRaw(burst.toString());

        Set<String> acknowledged = new HashSet<>();
        Set<String> refused = new HashSet<>();
        while (acknowledged.size() + refused.size() < SENDS) {
            Frame frame = client.await(f -> f.command().equals("RECEIPT") || f.isEvent("error"), StompClient.WAIT);
            if (frame.command().equals("RECEIPT")) {
                acknowledged.add("m-" + frame.header("receipt-id").substring(2));
            } else {
                assertThat(frame.json().path("code").asString()).isEqualTo("SERVER_BUSY");
                refused.add(frame.json().path("clientMsgId").asString());
            }
        }
        assertThat(refused).as("refused while the writer was behind").isNotEmpty();
        assertThat(acknowledged).as("accepted").isNotEmpty().doesNotContainAnyElementsOf(refused);

        // History holds exactly the acknowledged messages, once each.
        Set<String> all = new HashSet<>();
        long after = 0;
        for (boolean more = true; more; ) {
            Api.Response response = api.get("/api/v1/rooms/" + roomId + "/messages?afterSeq=" + after + "&limit=200",
                    alice.accessToken());
            assertThat(response.status()).isEqualTo(200);
            JsonNode page = response.body();
            for (JsonNode message : page.path("messages")) {
                if (!message.path("clientMsgId").isNull()) {
                    assertThat(all.add(message.path("clientMsgId").asString())).as("stored once").isTrue();
                }
                after = message.path("seq").asLong();
            }
            more = page.path("hasMore").asBoolean();
        }
        assertThat(all).isEqualTo(acknowledged);
    }
}

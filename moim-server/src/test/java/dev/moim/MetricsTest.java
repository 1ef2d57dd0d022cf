package dev.moim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's own figures on /actuator/prometheus, for the operator only: this machine may read them, a client
 * coming through the (trusted) proxy from elsewhere may not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.http.trusted-proxies=127.0.0.1")
class MetricsTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "metrics-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void theNodeCountsWhatItStoresAndDeliversAndShowsItOnlyToThisMachine() throws Exception {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "counted", bora);
        String before = scrape(null).body();
        try (StompClient alice = StompClient.connect(port, ara.accessToken());
             StompClient bob = StompClient.connect(port, bora.accessToken())) {
            alice.subscribe("/topic/rooms/" + roomId);
            bob.subscribe("/topic/rooms/" + roomId);
            alice.awaitReceipt(alice.sendMessage(roomId, "m-1", "counted"));
            alice.awaitEvent("message");
            bob.awaitEvent("message");
            assertThat(api.sendRest(ara, roomId, "", "an empty clientMsgId is refused").code()).isEqualTo("VALIDATION_FAILED");

            String after = scrape(null).body();
            assertThat(value(after, "moim_messages_committed_total") - value(before, "moim_messages_committed_total")).isEqualTo(1);
            assertThat(value(after, "moim_deliveries_total") - value(before, "moim_deliveries_total")).isEqualTo(2);
            assertThat(value(after, "moim_sends_refused_total{reason=\"VALIDATION_FAILED\"}")).isEqualTo(1);
            assertThat(value(after, "moim_sessions_open")).isEqualTo(2);
            assertThat(value(after, "moim_subscriptions")).isEqualTo(2);
            assertThat(after).contains("moim_writer_commit_seconds_bucket", "moim_writer_batch_size_bucket",
                    "moim_messages_commit_latency_seconds_bucket", "moim_writer_queue_depth", "moim_outbound_buffered_bytes",
                    "moim_sessions_too_slow_total");
        }

        // Through the proxy on behalf of a client elsewhere: refused, and nothing about the node is said.
        HttpResponse<String> outsider = scrape("203.0.113.7");
        assertThat(outsider.statusCode()).isEqualTo(403);
        assertThat(outsider.body()).doesNotContain("moim_");

        // The search index's status and its rebuild are the operator's too.
        assertThat(call("GET", "/actuator/search", null).statusCode()).isEqualTo(200);
        HttpResponse<String> outsiderStatus = call("GET", "/actuator/search", "203.0.113.7");
        assertThat(outsiderStatus.statusCode()).isEqualTo(403);
        assertThat(outsiderStatus.body()).doesNotContain("indexId");
        HttpResponse<String> outsiderRebuild = call("POST", "/actuator/search", "203.0.113.7");
        assertThat(outsiderRebuild.statusCode()).isEqualTo(403);
        assertThat(outsiderRebuild.body()).doesNotContain("rebuilding");
        HttpResponse<String> withAToken = callWithToken("POST", "/actuator/search", "203.0.113.7", ara.accessToken());
        assertThat(withAToken.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> call(String method, String path, String forwardedFor) throws Exception {
        return callWithToken(method, path, forwardedFor, null);
    }

    private HttpResponse<String> callWithToken(String method, String path, String forwardedFor, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> scrape(String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The value of one sample line ({@code name value}); 0 when the line is not there yet. */
    private static double value(String scrape, String sample) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}

package dev.moim.search;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose OpenSearch cannot be reached still starts and serves chat: sends are acknowledged (indexing runs
 * behind them), searches answer 503 SERVER_BUSY, and health says DEGRADED with HTTP 200, so a load balancer keeps
 * the node.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.search.searches-per-user.count=100000"})
@ActiveProfiles("opensearch")
class OpenSearchDownTest {

    private static final Path DATA = Path.of("target", "test-data", "opensearch-down-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void unreachable(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        registry.add("moim.data-dir", DATA::toString);
        registry.add("moim.search.opensearch-url", () -> "http://127.0.0.1:" + port);
    }

    @LocalServerPort
    int port;

    @Test
    void chatGoesOnSearchSaysItIsUnavailableAndHealthSaysDegraded() {
        Api api = new Api(port);
        User mina = api.newUser("Mina");
        long room = api.group(mina, "검색 없이");
        assertThat(api.sendRest(mina, room, "m-1", "검색 엔진이 꺼져 있어도 보내진다").status()).isEqualTo(201);

        Response search = api.get("/api/v1/rooms/" + room + "/messages/search?q="
                + URLEncoder.encode("검색", StandardCharsets.UTF_8), mina.accessToken());
        assertThat(search.status()).isEqualTo(503);
        assertThat(search.code()).isEqualTo("SERVER_BUSY");
        assertThat(search.body().toString()).doesNotContain("Exception");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response health = api.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().path("status").asString()).isEqualTo("DEGRADED");
        });
        JsonNode history = api.history(mina, room, "");
        assertThat(history).hasSize(2);
    }
}

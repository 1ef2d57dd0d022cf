package dev.moim.trending;

import dev.moim.common.Times;
import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/search/trending over real HTTP, on the embedded default and in cluster mode. Searching is another
 * feature's: the searches are recorded here through the port, as its search service records them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moim.auth.signups-per-ip.count=10000")
abstract class TrendingKeywordsApiContract {

    @LocalServerPort
    int port;

    @Autowired
    TrendingKeywords trendingKeywords;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theTopTenKeywordsOfTheHourAndTheDay() {
        User mina = api.newUser("Mina");
        // Twelve keywords: "검색<n>" searched by n users, one of them by the same user many times over.
        for (int n = 1; n <= 12; n++) {
            for (int user = 1; user <= n; user++) {
                trendingKeywords.record(1000 + user, "  검색" + n + " ", Times.now());
            }
        }
        for (int i = 0; i < 20; i++) {
            trendingKeywords.record(1001, "검색1", Times.now());
        }
        trendingKeywords.record(1001, "은", Times.now());
        trendingKeywords.record(1001, "", Times.now());

        Response hour = api.get("/api/v1/search/trending", mina.accessToken());
        assertThat(hour.status()).isEqualTo(200);
        assertThat(hour.body().path("window").asString()).isEqualTo("hour");
        JsonNode keywords = hour.body().path("keywords");
        assertThat(keywords).hasSize(10);
        assertThat(keywords.get(0).path("keyword").asString()).isEqualTo("검색12");
        assertThat(keywords.get(0).path("users").asLong()).isEqualTo(12);
        assertThat(keywords.get(9).path("keyword").asString()).isEqualTo("검색3");
        assertThat(keywords.get(9).path("users").asLong()).isEqualTo(3);

        Response day = api.get("/api/v1/search/trending?window=day", mina.accessToken());
        assertThat(day.status()).isEqualTo(200);
        assertThat(day.body().path("window").asString()).isEqualTo("day");
        assertThat(day.body().path("keywords")).isEqualTo(keywords);
    }

    @Test
    void aBadWindowIsRefusedAndStrangersAreNotLetIn() {
        User mina = api.newUser("Mina");
        for (String window : new String[] {"week", "HOUR", "", "hour%20"}) {
            Response bad = api.get("/api/v1/search/trending?window=" + window, mina.accessToken());
            assertThat(bad.status()).as(window).isEqualTo(400);
            assertThat(bad.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.body().path("fields").has("window")).isTrue();
            assertThat(bad.body().has("trace")).isFalse();
        }

        Response anonymous = api.get("/api/v1/search/trending", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void theEndpointIsInTheOpenApiDocument() {
        JsonNode paths = api.get("/v3/api-docs", null).body().path("paths");
        assertThat(paths.path("/api/v1/search/trending").path("get").path("summary").asString()).isNotBlank();
    }
}

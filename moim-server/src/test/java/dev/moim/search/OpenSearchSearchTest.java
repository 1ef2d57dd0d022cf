package dev.moim.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.EmbeddedOpenSearch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Moim server with the {@code opensearch} profile (H2 store) against a real OpenSearch node: messages sent over
 * REST reach the index through the indexer and are found over REST, Korean particles and all; edits and deletions
 * follow them into the index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.search.searches-per-user.count=100000"})
@ActiveProfiles("opensearch")
class OpenSearchSearchTest {

    private static final Path DATA = Path.of("target", "test-data", "opensearch-" + UUID.randomUUID()).toAbsolutePath();
    private static final String INDEX = "moim-boot-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void opensearch(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
        registry.add("moim.search.opensearch-url", () -> EmbeddedOpenSearch.shared().url());
        registry.add("moim.search.opensearch-index", () -> INDEX);
    }

    @LocalServerPort
    int port;

    @Autowired
    SearchIndex index;

    @Test
    void theServerSearchesOpenSearchAndFollowsSendsEditsAndDeletions() {
        assertThat(index).isInstanceOf(OpenSearchIndex.class);
        assertThat(index.toString()).contains(INDEX, EmbeddedOpenSearch.shared().url());
        Api api = new Api(port);
        User mina = api.newUser("Mina");
        User joon = api.newUser("Joon");
        long room = api.group(mina, "주말 모임", joon);

        long going = send(api, mina, room, "이번 주말 콘서트를 같이 갈 사람 있나요?");
        long met = send(api, joon, room, "어제 콘서트에서 만난 친구가 연락했어요");
        send(api, mina, room, "오늘 점심은 김치찌개 먹었어요");
        long edited = send(api, joon, room, "내일 회의 자료를 공유할게요");
        long deleted = send(api, mina, room, "콘서트 표 한 장 양도합니다");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(seqs(search(api, mina, "/api/v1/rooms/" + room + "/messages/search", "콘서트")))
                        .containsExactly(deleted, met, going));
        JsonNode everywhere = search(api, joon, "/api/v1/search/messages", "콘서트");
        assertThat(seqs(everywhere)).containsExactly(deleted, met, going);
        assertThat(everywhere.path("hits").get(1).path("message").path("content").asString()).isEqualTo("어제 콘서트에서 만난 친구가 연락했어요");
        assertThat(seqs(search(api, joon, "/api/v1/search/messages", "콘서트 친구"))).containsExactly(met);
        assertThat(seqs(search(api, joon, "/api/v1/search/messages", "김치찌개"))).hasSize(1);

        Response edit = api.patch("/api/v1/rooms/" + room + "/messages/" + edited, joon.accessToken(),
                Map.of("content", "내일 워크숍 자료를 공유할게요"));
        assertThat(edit.status()).as("edit: %s", edit).isEqualTo(200);
        Response delete = api.delete("/api/v1/rooms/" + room + "/messages/" + deleted, mina.accessToken());
        assertThat(delete.status()).as("delete: %s", delete).isBetween(200, 204);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(seqs(search(api, joon, "/api/v1/search/messages", "워크숍"))).containsExactly(edited);
            // The index itself, not only the server's check of each hit against the database, has let go of the
            // old text and of the deleted message.
            assertThat(indexed("회의", room)).isEmpty();
            assertThat(indexed("콘서트", room)).containsExactly(met, going);
        });
        assertThat(seqs(search(api, mina, "/api/v1/rooms/" + room + "/messages/search", "콘서트"))).containsExactly(met, going);
        assertThat(seqs(search(api, mina, "/api/v1/rooms/" + room + "/messages/search", "회의"))).isEmpty();
    }

    private static long send(Api api, User user, long room, String content) {
        Response sent = api.sendRest(user, room, UUID.randomUUID().toString(), content);
        assertThat(sent.status()).as("send: %s", sent).isEqualTo(201);
        return sent.body().path("seq").asLong();
    }

    private static JsonNode search(Api api, User user, String path, String q) {
        Response found = api.get(path + "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), user.accessToken());
        assertThat(found.status()).as("search: %s", found).isEqualTo(200);
        return found.body();
    }

    private static List<Long> seqs(JsonNode results) {
        List<Long> seqs = new ArrayList<>();
        results.path("hits").forEach(hit -> seqs.add(hit.path("message").path("seq").asLong()));
        return seqs;
    }

    private List<Long> indexed(String q, long room) {
        return index.search(new SearchIndex.SearchQuery(KoreanText.queryWords(q), List.of(new SearchIndex.RoomScope(room, 0)),
                null, null, null, SearchIndex.Order.RECENT, null, 10)).hits().stream().map(SearchIndex.Hit::seq).toList();
    }
}

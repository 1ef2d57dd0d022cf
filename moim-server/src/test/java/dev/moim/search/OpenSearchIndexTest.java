package dev.moim.search;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.moim.search.SearchIndex.IndexedMessage;
import dev.moim.search.SearchIndex.Order;
import dev.moim.search.SearchIndex.RoomScope;
import dev.moim.search.SearchIndex.SearchQuery;
import dev.moim.support.EmbeddedOpenSearch;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.get_mapping.IndexMappingRecord;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real OpenSearch node with analysis-nori, and what only a shared, remote engine can do. */
class OpenSearchIndexTest extends SearchIndexContract {

    private static EmbeddedOpenSearch node;
    private static ApacheHttpClient5Transport rawTransport;
    /** Straight to OpenSearch, as an operator (or an accident) would, behind the adapter's back. */
    private static OpenSearchClient raw;

    private final String alias = "moim-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<OpenSearchIndex> opened = new ArrayList<>();
    private OpenSearchIndex index;

    @BeforeAll
    static void startNode() throws Exception {
        node = EmbeddedOpenSearch.shared();
        rawTransport = ApacheHttpClient5TransportBuilder.builder(HttpHost.create(node.url())).build();
        raw = new OpenSearchClient(rawTransport);
    }

    @AfterAll
    static void closeRaw() throws IOException {
        rawTransport.close();
    }

    @Override
    protected SearchIndex index() {
        index = open(node.url(), alias);
        return index;
    }

    private OpenSearchIndex open(String url, String name) {
        OpenSearchIndex adapter = new OpenSearchIndex(url, name);
        opened.add(adapter);
        return adapter;
    }

    @AfterEach
    void closeAdapters() throws IOException {
        for (OpenSearchIndex adapter : opened) {
            adapter.close();
        }
        raw.indices().delete(d -> d.index(alias + "-*").ignoreUnavailable(true).allowNoIndices(true));
    }

    private static IndexedMessage msg(long room, long seq, String content) {
        return new IndexedMessage(room, seq, 10, Instant.parse("2026-11-01T09:00:00Z").plusSeconds(seq), content);
    }

    private List<Long> find(String q) {
        return index.search(new SearchQuery(KoreanText.queryWords(q), List.of(new RoomScope(1, 0)), null, null, null,
                Order.RECENT, null, 10)).hits().stream().map(SearchIndex.Hit::seq).toList();
    }

    private Set<String> indicesBehindAlias() throws IOException {
        return raw.indices().getAlias(g -> g.name(alias)).result().keySet();
    }

    @Test
    void clearingSwapsInANewIndexAndDropsTheOld() throws IOException {
        index.put(List.of(msg(1, 1, "지난 모임 사진")));
        OpenSearchIndex.Concrete before = index.concrete();

        index.clear();

        OpenSearchIndex.Concrete after = index.concrete();
        assertThat(after.name()).isNotEqualTo(before.name());
        assertThat(after.uuid()).isNotEqualTo(before.uuid());
        assertThat(indicesBehindAlias()).containsExactly(after.name());
        assertThat(raw.indices().exists(e -> e.index(before.name())).value()).isFalse();
    }

    @Test
    void anIndexDeletedBehindMoimsBackIsCreatedAgainUnderANewId() throws IOException {
        index.put(List.of(msg(1, 1, "콘서트를 보러 갔다")));
        String id = index.indexId();
        String deleted = index.concrete().name();

        raw.indices().delete(d -> d.index(deleted));

        // The write that finds the index gone fails, so that the indexer asks for the id again and starts over.
        assertThatThrownBy(() -> index.put(List.of(msg(1, 2, "콘서트에서 만나요"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gone");
        assertThat(index.indexId()).isNotEqualTo(id);
        // The adapter made a new index with its own mappings; OpenSearch did not make one with guessed mappings for
        // the write (an index named like the alias).
        Map<String, IndexMappingRecord> mappings = raw.indices().getMapping(g -> g.index(alias)).result();
        assertThat(mappings.keySet()).hasSize(1).doesNotContain(deleted, alias);
        assertThat(mappings.values().iterator().next().mappings().properties().get(KoreanText.WORDS).text().analyzer())
                .isEqualTo("moim_words");

        index.put(List.of(msg(1, 2, "콘서트에서 만나요")));
        assertThat(find("콘서트")).containsExactly(2L);
    }

    @Test
    void searchingAnIndexDeletedBehindMoimsBackFindsNothingAndRecreatesIt() throws IOException {
        index.put(List.of(msg(1, 1, "곧 사라질 메시지")));
        String id = index.indexId();
        raw.indices().delete(d -> d.index(index.concrete().name()));

        assertThat(find("메시지")).isEmpty();
        assertThat(index.indexId()).isNotEqualTo(id);
        assertThat(index.stats().messages()).isZero();
    }

    @Test
    void aWriteOpenSearchRefusesThrows() throws IOException {
        String name = index.concrete().name();
        raw.indices().putSettings(s -> s.index(name).settings(x -> x.blocksWrite(true)));
        try {
            assertThatThrownBy(() -> index.put(List.of(msg(1, 1, "막힌 인덱스에 쓰기"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused");
        } finally {
            raw.indices().putSettings(s -> s.index(name).settings(x -> x.blocksWrite(false)));
        }
        index.put(List.of(msg(1, 1, "다시 쓸 수 있는 인덱스")));
        assertThat(find("인덱스")).containsExactly(1L);
    }

    @Test
    void anEngineThatIsNotThereFailsEveryCallRatherThanLosingWrites() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenSearchIndex down = open("http://127.0.0.1:" + closedPort, alias);
        long began = System.nanoTime();

        assertThatThrownBy(() -> down.put(List.of(msg(1, 1, "어디에도 저장되지 않는 메시지")))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(down::indexId).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> down.search(new SearchQuery(KoreanText.queryWords("메시지"), List.of(new RoomScope(1, 0)),
                null, null, null, Order.RECENT, null, 10))).isInstanceOf(RuntimeException.class);
        assertThat(down.toString()).contains("127.0.0.1:" + closedPort);
        // A refused connection fails at once; the connect timeout bounds an unanswered one.
        assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void nodesStartingTogetherShareOneIndex() throws Exception {
        String fresh = alias + "-shared";
        List<OpenSearchIndex> nodes = List.of(open(node.url(), fresh), open(node.url(), fresh), open(node.url(), fresh));
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Callable<String>> firstUse = nodes.stream().<Callable<String>>map(n -> n::indexId).toList();
            List<String> ids = new ArrayList<>();
            for (Future<String> id : pool.invokeAll(firstUse)) {
                ids.add(id.get());
            }
            assertThat(ids).hasSize(3).containsOnly(ids.getFirst());
            assertThat(raw.indices().getAlias(g -> g.name(fresh)).result()).hasSize(1);
        } finally {
            pool.shutdownNow();
            raw.indices().delete(d -> d.index(fresh + "-*").ignoreUnavailable(true).allowNoIndices(true));
        }
    }

    /** The longest query a client may send (100 characters) over more part-joined rooms than one search may hold. */
    @Test
    void aLongQueryOverManyRoomsJoinedPartWay() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; words.length() + 3 <= SearchService.MAX_QUERY_LENGTH; i++) {
            words.append(words.isEmpty() ? "" : " ").append((char) ('가' + 28 * i)).append((char) ('나' + 28 * i));
        }
        index.put(List.of(msg(400, 9, words + " 끝"), msg(400, 2, words.toString())));
        List<RoomScope> rooms = new ArrayList<>();
        for (long room = 1; room <= 3 * OpenSearchIndex.PART_JOINED_ROOMS_PER_SEARCH; room++) {
            rooms.add(new RoomScope(room, 3));
        }
        SearchIndex.Page page = index.search(new SearchQuery(KoreanText.queryWords(words.toString()), rooms, null, null, null,
                Order.RELEVANCE, null, 10));
        assertThat(page.hits()).extracting(SearchIndex.Hit::seq).containsExactly(9L);
    }

    /** Pages merged from several searches (one per group of part-joined rooms) follow each other like one search's. */
    @Test
    void pagesOverManyRoomsJoinedPartWayFollowEachOtherInBothOrders() {
        List<IndexedMessage> messages = new ArrayList<>();
        List<RoomScope> rooms = new ArrayList<>();
        for (long room = 1; room <= 3 * OpenSearchIndex.PART_JOINED_ROOMS_PER_SEARCH; room++) {
            rooms.add(new RoomScope(room, 1));
            if (room % 13 == 0) {
                messages.add(new IndexedMessage(room, 1, 10, Instant.parse("2026-11-01T09:00:00Z"), "보이면 안 되는 맛집"));
                // Equal times and, for every third one, a word said twice (a higher score) exercise every tie-break.
                messages.add(new IndexedMessage(room, 2, 10, Instant.parse("2026-11-01T09:00:00Z").plusSeconds(room % 4),
                        room % 3 == 0 ? "맛집 맛집 추천" : "맛집 추천"));
            }
        }
        index.put(messages);
        for (Order order : Order.values()) {
            List<SearchIndex.Hit> seen = new ArrayList<>();
            SearchIndex.Position after = null;
            do {
                SearchIndex.Page page = index.search(new SearchQuery(KoreanText.queryWords("맛집"), rooms, null, null, null,
                        order, after, 7));
                seen.addAll(page.hits());
                after = page.next();
                assertThat(seen.size()).isLessThanOrEqualTo(messages.size());
            } while (after != null);
            assertThat(seen).hasSize(messages.size() / 2).allMatch(h -> h.seq() == 2);
            assertThat(seen.stream().map(h -> h.roomId()).distinct().count()).isEqualTo(messages.size() / 2);
            List<SearchIndex.Position> positions = seen.stream().map(SearchIndex.Hit::position).toList();
            assertThat(positions).isSortedAccordingTo((a, b) -> order == Order.RELEVANCE && a.score() != b.score()
                    ? Float.compare(b.score(), a.score())
                    : a.sentAtMillis() != b.sentAtMillis() ? Long.compare(b.sentAtMillis(), a.sentAtMillis())
                    : Long.compare(b.roomId(), a.roomId()));
        }
    }

    @Test
    void statsCountMessagesAndBytesAndToStringNamesTheEngine() {
        index.put(List.of(msg(1, 1, "하나"), msg(1, 2, "둘"), msg(1, 3, "셋")));
        SearchIndex.Stats stats = index.stats();
        assertThat(stats.messages()).isEqualTo(3);
        assertThat(stats.sizeBytes()).isPositive();
        assertThat(index.toString()).isEqualTo("OpenSearch index " + alias + " at " + node.url());
    }
}

package dev.moim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.moim.config.MoimProperties;
import jakarta.annotation.PreDestroy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.analysis.NoriDecompoundMode;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.IndexOptions;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.BoolQuery;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.MsearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.msearch.MultiSearchResponseItem;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.opensearch.indices.IndexState;
import org.opensearch.client.opensearch.indices.TranslogDurability;
import org.opensearch.client.opensearch.indices.stats.IndicesStatsMetric;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's engine: one OpenSearch index (with the analysis-nori plugin) that every node searches; the node
 * holding the lease in {@code search_leases} writes it. It analyses text as {@link KoreanText} does, with the same
 * two fields, and takes queries already analysed by Moim, so both engines find the same messages.
 *
 * <p>The configured name ({@code moim.search.opensearch-index}) is an alias of one concrete index, created on first
 * use. Its uuid is the {@link #indexId()}: {@link #clear()} swaps in a new concrete index, and one deleted behind
 * Moim's back is created anew under a new uuid, so the indexer starts over either way. Writes go through the alias
 * with {@code require_alias}, so they can never make OpenSearch create an index of its own with guessed mappings.
 * A write is durable (translog fsynced per request) and searchable (refreshed) when it returns; any refused
 * document fails the whole call.
 */
@Component
@Profile("opensearch")
public class OpenSearchIndex implements SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(OpenSearchIndex.class);
    private static final String ROOM = "room";
    private static final String SEQ = "seq";
    private static final String SENDER = "sender";
    private static final String SENT_AT = "sentAt";
    private static final String WORDS_ANALYZER = "moim_words";
    private static final String GRAMS_ANALYZER = "moim_grams";
    private static final String INDEX_NOT_FOUND = "index_not_found_exception";
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Rooms joined part-way add clauses to a query, and OpenSearch refuses one with more than
     * {@code indices.query.bool.max_clause_count} clauses in all (1,024 unless the operator raised it). So a searcher
     * in many such rooms gets one search per group of them, sent together (msearch). Filters do not change scores, so
     * the groups' pages merged in the query's order are exactly the page one search would give.
     */
    static final int PART_JOINED_ROOMS_PER_SEARCH = 150;

    private final String url;
    private final String alias;
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchClient client;

    @Autowired
    public OpenSearchIndex(MoimProperties properties) {
        this(properties.search().opensearchUrl(), properties.search().opensearchIndex());
    }

    OpenSearchIndex(String url, String alias) {
        this.url = url;
        this.alias = alias;
        URI uri = URI.create(url);
        HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
                .setConnectionConfigCallback(c -> c.setConnectTimeout(Timeout.ofSeconds(2))
                        .setSocketTimeout(Timeout.ofSeconds(10)))
                .setRequestConfigCallback(r -> r.setResponseTimeout(Timeout.ofSeconds(10))
                        .setConnectionRequestTimeout(Timeout.ofSeconds(10)));
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            builder.setPathPrefix(uri.getPath());
        }
        this.transport = builder.build();
        this.client = new OpenSearchClient(transport);
    }

    /** What Moim keeps of a message; {@code grams} is filled from {@code text} by the mapping (copy_to). */
    record MessageDoc(long room, long seq, long sender, long sentAt, String text) {
    }

    /** The index the alias names now. */
    record Concrete(String name, String uuid) {
    }

    /**
     * Asked of OpenSearch every time (one small request per indexing pass), so that a rebuild by another node or an
     * index deleted by hand shows at once.
     */
    @Override
    public String indexId() {
        return "opensearch-" + concrete().uuid();
    }

    /** The alias's index, created if there is none (first use, or deleted behind Moim's back). */
    Concrete concrete() {
        Concrete current = find();
        return current != null ? current : create();
    }

    private Concrete find() {
        Map<String, IndexState> indices = indicesOfAlias();
        if (indices.isEmpty()) {
            return null;
        }
        if (indices.size() != 1) {
            throw new IllegalStateException("OpenSearch alias " + alias + " names " + indices.keySet()
                    + "; Moim expects one index");
        }
        Map.Entry<String, IndexState> only = indices.entrySet().iterator().next();
        if (only.getKey().equals(alias)) {
            throw new IllegalStateException(aliasTaken());
        }
        IndexSettings settings = only.getValue().settings();
        String uuid = settings == null ? null : settings.uuid() != null ? settings.uuid()
                : settings.index() == null ? null : settings.index().uuid();
        if (uuid == null) {
            throw new IllegalStateException("OpenSearch did not say the uuid of index " + only.getKey());
        }
        return new Concrete(only.getKey(), uuid);
    }

    private String aliasTaken() {
        return "OpenSearch has an index named " + alias + ", where Moim keeps an alias of its own index: delete that "
                + "index or choose another moim.search.opensearch-index";
    }

    /** The indices the alias names, by name, each with its uuid; none if the alias does not exist. */
    private Map<String, IndexState> indicesOfAlias() {
        try {
            return client.indices().getSettings(g -> g.index(alias).name("index.uuid")).result();
        } catch (OpenSearchException e) {
            if (indexMissing(e)) {
                return Map.of();
            }
            throw e;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * Creates an index with the alias on it. Two nodes may race to do so; only one index can be the alias's write
     * index, so the loser's creation fails as a whole and it finds the winner's.
     */
    private synchronized Concrete create() {
        Concrete raced = find();
        if (raced != null) {
            return raced;
        }
        String name = newName();
        try {
            client.indices().create(c -> c.index(name).settings(settings()).mappings(mappings())
                    .aliases(alias, a -> a.isWriteIndex(true)));
        } catch (OpenSearchException | IOException e) {
            // OpenSearch answers the loser with a server error (alias ... has more than one write index).
            Concrete winner = find();
            if (winner != null) {
                return winner;
            }
            throw e instanceof IOException io ? unavailable(io) : (OpenSearchException) e;
        }
        Concrete created = find();
        if (created == null) {
            throw new IllegalStateException("OpenSearch index " + name + " was created but alias " + alias
                    + " names nothing");
        }
        log.info("Created OpenSearch index {} (uuid {}) as {}", created.name(), created.uuid(), alias);
        return created;
    }

    private String newName() {
        String suffix = Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xf000));
        return alias + "-" + NAME_TIME.format(Instant.now()) + "-" + suffix;
    }

    /**
     * The two analyzers of {@link KoreanText}: Nori's words (mixed decompounding, the default part-of-speech stop
     * tags, reading forms, lower case) and character pairs of each standard token. One shard keeps relevance
     * scores exact (document frequencies are per shard); translog fsync per request makes a returned write durable.
     */
    private static IndexSettings settings() {
        return IndexSettings.of(s -> s
                .numberOfShards(1)
                .translog(t -> t.durability(TranslogDurability.Request))
                .analysis(a -> a
                        .tokenizer("moim_nori", t -> t.definition(d -> d
                                .noriTokenizer(n -> n.decompoundMode(NoriDecompoundMode.Mixed))))
                        .filter("moim_pairs", f -> f.definition(d -> d.ngram(n -> n.minGram(2).maxGram(2))))
                        .analyzer(WORDS_ANALYZER, an -> an.custom(c -> c.tokenizer("moim_nori")
                                .filter("nori_part_of_speech", "nori_readingform", "lowercase")))
                        .analyzer(GRAMS_ANALYZER, an -> an.custom(c -> c.tokenizer("standard")
                                .filter("lowercase", "moim_pairs")))));
    }

    private static TypeMapping mappings() {
        return TypeMapping.of(m -> m
                .dynamic(DynamicMapping.Strict)
                .properties(ROOM, p -> p.long_(l -> l))
                .properties(SEQ, p -> p.long_(l -> l))
                .properties(SENDER, p -> p.long_(l -> l))
                .properties(SENT_AT, p -> p.long_(l -> l))
                .properties(KoreanText.WORDS, p -> p.text(t -> t.analyzer(WORDS_ANALYZER).copyTo(KoreanText.GRAMS)))
                .properties(KoreanText.GRAMS, p -> p.text(t -> t.analyzer(GRAMS_ANALYZER)
                        .indexOptions(IndexOptions.Freqs))));
    }

    @Override
    public void put(List<IndexedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>(messages.size());
        for (IndexedMessage m : messages) {
            MessageDoc doc = new MessageDoc(m.roomId(), m.seq(), m.senderId(), m.createdAt().toEpochMilli(), m.content());
            operations.add(BulkOperation.of(o -> o.index(i -> i.id(key(m.roomId(), m.seq())).document(doc))));
        }
        bulk(operations, "put");
    }

    @Override
    public void remove(List<MessageKey> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>(messages.size());
        for (MessageKey m : messages) {
            operations.add(BulkOperation.of(o -> o.delete(d -> d.id(key(m.roomId(), m.seq())))));
        }
        bulk(operations, "remove");
    }

    /** Deleting an unknown message is not an error for OpenSearch either (its result is not_found). */
    private void bulk(List<BulkOperation> operations, String what) {
        BulkResponse response;
        try {
            response = client.bulk(b -> b.index(alias).requireAlias(true).refresh(Refresh.True).operations(operations));
        } catch (OpenSearchException e) {
            throw indexMissing(e) ? gone(e) : e;
        } catch (IOException e) {
            throw unavailable(e);
        }
        if (!response.errors()) {
            return;
        }
        List<BulkResponseItem> failed = response.items().stream().filter(i -> i.error() != null).toList();
        if (failed.stream().anyMatch(i -> INDEX_NOT_FOUND.equals(i.error().type()))) {
            throw gone(null);
        }
        BulkResponseItem first = failed.getFirst();
        throw new IllegalStateException("OpenSearch refused " + failed.size() + " of " + operations.size() + " writes ("
                + what + "), e.g. " + first.id() + ": " + first.status() + " " + first.error().type() + ": "
                + first.error().reason());
    }

    /**
     * The alias named nothing: someone deleted the index. A new one is created now, under a new id, and the write
     * fails so that the caller asks for {@link #indexId()} again and starts over.
     */
    private IllegalStateException gone(Exception cause) {
        Concrete created = concrete();
        return new IllegalStateException("OpenSearch index " + alias + " was gone (deleted?); it is " + created.name()
                + " now, empty, with a new id", cause);
    }

    @Override
    public Page search(SearchQuery query) {
        if (query.words().isEmpty() || query.rooms().isEmpty()) {
            return new Page(List.of(), null);
        }
        MsearchResponse<MessageDoc> response;
        try {
            response = client.msearch(m -> {
                for (List<RoomScope> rooms : groups(query.rooms())) {
                    m.searches(s -> s.header(h -> h.index(alias)).body(b -> {
                        b.query(toOpenSearch(query, rooms)).sort(sort(query.order())).size(query.limit() + 1)
                                .trackTotalHits(t -> t.enabled(false));
                        if (query.after() != null) {
                            b.searchAfter(after(query.order(), query.after()));
                        }
                        return b;
                    }));
                }
                return m;
            }, MessageDoc.class);
        } catch (OpenSearchException e) {
            if (indexMissing(e)) {
                concrete();
                return new Page(List.of(), null);
            }
            throw e;
        } catch (IOException e) {
            throw unavailable(e);
        }
        List<Hit> found = new ArrayList<>();
        for (MultiSearchResponseItem<MessageDoc> item : response.responses()) {
            if (item.isFailure()) {
                ErrorCause error = item.failure().error();
                if (INDEX_NOT_FOUND.equals(error.type())) {
                    concrete();
                    return new Page(List.of(), null);
                }
                throw new IllegalStateException("OpenSearch could not search: " + error.type() + ": " + error.reason()
                        + (error.rootCause().isEmpty() ? "" : " (" + error.rootCause().getFirst().reason() + ")"));
            }
            for (org.opensearch.client.opensearch.core.search.Hit<MessageDoc> hit : item.result().hits().hits()) {
                MessageDoc doc = hit.source();
                if (doc == null) {
                    throw new IllegalStateException("OpenSearch returned hit " + hit.id() + " without its source");
                }
                found.add(new Hit(doc.room(), doc.seq(), doc.text(), position(query.order(), hit)));
            }
        }
        found.sort(Comparator.comparing(Hit::position, inOrder(query.order())));
        if (found.size() > query.limit()) {
            List<Hit> page = List.copyOf(found.subList(0, query.limit()));
            return new Page(page, page.getLast().position());
        }
        return new Page(found, null);
    }

    /** The rooms joined from their start in one terms query of the first group; the others, so many per group. */
    private static List<List<RoomScope>> groups(List<RoomScope> rooms) {
        List<List<RoomScope>> groups = new ArrayList<>();
        List<RoomScope> group = new ArrayList<>(rooms.stream().filter(r -> r.afterSeq() <= 0).toList());
        int partJoined = 0;
        for (RoomScope room : rooms) {
            if (room.afterSeq() > 0) {
                if (partJoined == PART_JOINED_ROOMS_PER_SEARCH) {
                    groups.add(group);
                    group = new ArrayList<>();
                    partJoined = 0;
                }
                group.add(room);
                partJoined++;
            }
        }
        groups.add(group);
        return groups;
    }

    /** Best or newest first, as {@link #sort(Order)} tells OpenSearch. */
    private static Comparator<Position> inOrder(Order order) {
        Comparator<Position> newest = Comparator.comparingLong(Position::sentAtMillis)
                .thenComparingLong(Position::roomId).thenComparingLong(Position::seq).reversed();
        return order == Order.RELEVANCE
                ? Comparator.comparingDouble((Position p) -> p.score()).reversed().thenComparing(newest) : newest;
    }

    /** Newest first, or best first and then newest; room and seq make every position unique. */
    private static List<SortOptions> sort(Order order) {
        List<SortOptions> sort = new ArrayList<>();
        if (order == Order.RELEVANCE) {
            sort.add(SortOptions.of(o -> o.score(s -> s.order(SortOrder.Desc))));
        }
        for (String field : List.of(SENT_AT, ROOM, SEQ)) {
            sort.add(SortOptions.of(o -> o.field(f -> f.field(field).order(SortOrder.Desc))));
        }
        return sort;
    }

    private static List<FieldValue> after(Order order, Position p) {
        List<FieldValue> values = new ArrayList<>();
        if (order == Order.RELEVANCE) {
            values.add(FieldValue.of((double) p.score()));
        }
        values.add(FieldValue.of(p.sentAtMillis()));
        values.add(FieldValue.of(p.roomId()));
        values.add(FieldValue.of(p.seq()));
        return values;
    }

    /** The hit's sort values; the score, a float in OpenSearch as in Lucene, comes back exactly as it was sent. */
    private static Position position(Order order, org.opensearch.client.opensearch.core.search.Hit<MessageDoc> hit) {
        List<FieldValue> values = hit.sort();
        int i = order == Order.RELEVANCE ? 1 : 0;
        float score = order == Order.RELEVANCE ? (float) values.get(0).doubleValue() : 0f;
        return new Position(score, values.get(i).longValue(), values.get(i + 1).longValue(), values.get(i + 2).longValue());
    }

    /** Every word must match (all its terms, or enough of its pairs); only the given rooms, from each joined seq. */
    private static Query toOpenSearch(SearchQuery query, List<RoomScope> rooms) {
        BoolQuery.Builder all = new BoolQuery.Builder();
        for (KoreanText.QueryWord word : query.words()) {
            BoolQuery.Builder either = new BoolQuery.Builder().minimumShouldMatch("1");
            if (!word.terms().isEmpty()) {
                either.should(Query.of(q -> q.bool(b -> b.boost(2f)
                        .must(word.terms().stream().map(t -> term(KoreanText.WORDS, FieldValue.of(t))).toList()))));
            }
            if (!word.grams().isEmpty()) {
                either.should(Query.of(q -> q.bool(b -> b.minimumShouldMatch(Integer.toString(word.gramsRequired()))
                        .should(word.grams().stream().map(g -> term(KoreanText.GRAMS, FieldValue.of(g))).toList()))));
            }
            all.must(Query.of(q -> q.bool(either.build())));
        }
        all.filter(scope(rooms));
        if (query.sender() != null) {
            all.filter(term(SENDER, FieldValue.of(query.sender())));
        }
        if (query.from() != null || query.to() != null) {
            all.filter(Query.of(q -> q.range(r -> {
                r.field(SENT_AT);
                if (query.from() != null) {
                    r.gte(JsonData.of(query.from().toEpochMilli()));
                }
                if (query.to() != null) {
                    r.lt(JsonData.of(query.to().toEpochMilli()));
                }
                return r;
            })));
        }
        return Query.of(q -> q.bool(all.build()));
    }

    /** Rooms joined at their start share one terms query; the others each bound their seqs. */
    private static Query scope(List<RoomScope> rooms) {
        BoolQuery.Builder any = new BoolQuery.Builder().minimumShouldMatch("1");
        List<FieldValue> whole = rooms.stream().filter(r -> r.afterSeq() <= 0).map(r -> FieldValue.of(r.roomId())).toList();
        if (!whole.isEmpty()) {
            any.should(Query.of(q -> q.terms(t -> t.field(ROOM).terms(v -> v.value(whole)))));
        }
        for (RoomScope room : rooms) {
            if (room.afterSeq() > 0) {
                Query after = Query.of(f -> f.range(r -> r.field(SEQ).gt(JsonData.of(room.afterSeq()))));
                any.should(Query.of(q -> q.bool(b -> b.filter(term(ROOM, FieldValue.of(room.roomId()))).filter(after))));
            }
        }
        return Query.of(q -> q.bool(any.build()));
    }

    private static Query term(String field, FieldValue value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    /**
     * Puts an empty index under the alias in place of the old one, in one step: searches see the old index or the
     * new one, never none.
     */
    @Override
    public synchronized void clear() {
        Set<String> old = indicesOfAlias().keySet();
        if (old.contains(alias)) {
            throw new IllegalStateException(aliasTaken());
        }
        String name = newName();
        try {
            client.indices().create(c -> c.index(name).settings(settings()).mappings(mappings()));
            client.indices().updateAliases(u -> {
                old.forEach(index -> u.actions(a -> a.removeIndex(r -> r.index(index))));
                return u.actions(a -> a.add(add -> add.index(name).alias(alias).isWriteIndex(true)));
            });
        } catch (IOException e) {
            deleteQuietly(name);
            throw unavailable(e);
        } catch (RuntimeException e) {
            deleteQuietly(name);
            throw e;
        }
        log.info("OpenSearch index {} is now {}, empty (was {})", alias, name, old);
    }

    private void deleteQuietly(String name) {
        try {
            client.indices().delete(d -> d.index(name).ignoreUnavailable(true));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete the unused OpenSearch index {}: {}", name, e.toString());
        }
    }

    @Override
    public Stats stats() {
        try {
            long messages = client.count(c -> c.index(alias)).count();
            long bytes = client.indices().stats(s -> s.index(alias).metric(IndicesStatsMetric.Store))
                    .all().total().store().sizeInBytes();
            return new Stats(messages, bytes);
        } catch (OpenSearchException e) {
            if (indexMissing(e)) {
                concrete();
                return new Stats(0, 0);
            }
            throw e;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static boolean indexMissing(OpenSearchException e) {
        return e.status() == 404 && e.error() != null && INDEX_NOT_FOUND.equals(e.error().type());
    }

    private UncheckedIOException unavailable(IOException e) {
        return new UncheckedIOException("OpenSearch at " + url + " is unavailable: " + e.getMessage(), e);
    }

    private static String key(long roomId, long seq) {
        return roomId + ":" + seq;
    }

    @PreDestroy
    void close() throws IOException {
        transport.close();
    }

    @Override
    public String toString() {
        return "OpenSearch index " + alias + " at " + url;
    }
}

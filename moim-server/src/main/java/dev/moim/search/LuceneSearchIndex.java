package dev.moim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.config.MoimProperties;
import jakarta.annotation.PreDestroy;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The embedded engine: a Lucene index in {@code <data-dir>/search}, nothing else to run. Each put or remove is
 * committed (fsynced) before it returns and is searchable at once. In cluster mode each node keeps its own copy
 * and follows the database by itself; OpenSearch (the {@code opensearch} profile) shares one index instead.
 */
@Component
@Profile("!opensearch")
public class LuceneSearchIndex implements SearchIndex {

    private static final String INDEX_ID = "moim.index-id";
    private static final String KEY = "key";
    private static final String ROOM = "room";
    private static final String SEQ = "seq";
    private static final String SENDER = "sender";
    private static final String SENT_AT = "sentAt";

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile String indexId;

    @Autowired
    public LuceneSearchIndex(MoimProperties properties) throws IOException {
        this(properties.dataDir().resolve("search"));
    }

    LuceneSearchIndex(Path path) throws IOException {
        this.path = path;
        // A searcher in many rooms it joined part-way needs a clause per room; rooms per user are bounded far below.
        IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 1 << 16));
        Files.createDirectories(path);
        this.directory = FSDirectory.open(path);
        Analyzer analyzer = new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(
                KoreanText.WORDS, KoreanText.wordsAnalyzer(), KoreanText.GRAMS, KoreanText.gramsAnalyzer()));
        this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        String existing = DirectoryReader.indexExists(directory)
                ? SegmentInfos.readLatestCommit(directory).getUserData().get(INDEX_ID) : null;
        if (existing == null) {
            startNewId();
        } else {
            this.indexId = existing;
        }
        this.searchers = new SearcherManager(writer, null);
    }

    private void startNewId() throws IOException {
        String id = "lucene-" + UUID.randomUUID();
        writer.setLiveCommitData(Map.of(INDEX_ID, id).entrySet());
        writer.commit();
        this.indexId = id;
    }

    @Override
    public String indexId() {
        return indexId;
    }

    @Override
    public void put(List<IndexedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            for (IndexedMessage m : messages) {
                Document doc = new Document();
                doc.add(new StringField(KEY, key(m.roomId(), m.seq()), Field.Store.NO));
                doc.add(new LongField(ROOM, m.roomId(), Field.Store.YES));
                doc.add(new LongField(SEQ, m.seq(), Field.Store.YES));
                doc.add(new LongField(SENDER, m.senderId(), Field.Store.NO));
                doc.add(new LongField(SENT_AT, m.createdAt().toEpochMilli(), Field.Store.YES));
                doc.add(new TextField(KoreanText.WORDS, m.content(), Field.Store.YES));
                doc.add(new TextField(KoreanText.GRAMS, m.content(), Field.Store.NO));
                writer.updateDocument(new Term(KEY, key(m.roomId(), m.seq())), doc);
            }
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void remove(List<MessageKey> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            writer.deleteDocuments(messages.stream().map(m -> new Term(KEY, key(m.roomId(), m.seq()))).toArray(Term[]::new));
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public Page search(SearchQuery query) {
        if (query.words().isEmpty() || query.rooms().isEmpty()) {
            return new Page(List.of(), null);
        }
        Sort sort = sort(query.order());
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopFieldDocs top = searcher.searchAfter(after(query, searcher), toLucene(query), query.limit() + 1, sort, true);
                StoredFields stored = searcher.storedFields();
                List<Hit> hits = new ArrayList<>();
                Position last = null;
                for (ScoreDoc scoreDoc : top.scoreDocs) {
                    if (hits.size() == query.limit()) {
                        return new Page(hits, last);
                    }
                    FieldDoc fieldDoc = (FieldDoc) scoreDoc;
                    Document doc = stored.document(fieldDoc.doc);
                    last = position(query.order(), fieldDoc);
                    hits.add(new Hit(doc.getField(ROOM).numericValue().longValue(), doc.getField(SEQ).numericValue().longValue(),
                            doc.get(KoreanText.WORDS), last));
                }
                return new Page(hits, null);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sort sort(Order order) {
        SortField sentAt = new SortedNumericSortField(SENT_AT, SortField.Type.LONG, true);
        SortField room = new SortedNumericSortField(ROOM, SortField.Type.LONG, true);
        SortField seq = new SortedNumericSortField(SEQ, SortField.Type.LONG, true);
        return order == Order.RELEVANCE ? new Sort(SortField.FIELD_SCORE, sentAt, room, seq) : new Sort(sentAt, room, seq);
    }

    /**
     * The sort keys of the last hit; they are unique (room and seq), so the document number, which Lucene compares
     * only on a tie, is the highest one: nothing ties with that hit but itself, and it is not repeated.
     */
    private static FieldDoc after(SearchQuery query, IndexSearcher searcher) {
        Position p = query.after();
        if (p == null || searcher.getIndexReader().maxDoc() == 0) {
            return null;
        }
        Object[] fields = query.order() == Order.RELEVANCE
                ? new Object[]{p.score(), p.sentAtMillis(), p.roomId(), p.seq()}
                : new Object[]{p.sentAtMillis(), p.roomId(), p.seq()};
        return new FieldDoc(searcher.getIndexReader().maxDoc() - 1, p.score(), fields);
    }

    private static Position position(Order order, FieldDoc doc) {
        Object[] f = doc.fields;
        int i = order == Order.RELEVANCE ? 1 : 0;
        float score = order == Order.RELEVANCE ? (Float) f[0] : 0f;
        return new Position(score, (Long) f[i], (Long) f[i + 1], (Long) f[i + 2]);
    }

    /** Every word must match (all its terms, or enough of its pairs); only the given rooms, from each joined seq. */
    private static Query toLucene(SearchQuery query) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (KoreanText.QueryWord word : query.words()) {
            BooleanQuery.Builder either = new BooleanQuery.Builder();
            if (!word.terms().isEmpty()) {
                BooleanQuery.Builder terms = new BooleanQuery.Builder();
                word.terms().forEach(t -> terms.add(new TermQuery(new Term(KoreanText.WORDS, t)), BooleanClause.Occur.MUST));
                either.add(new BoostQuery(terms.build(), 2f), BooleanClause.Occur.SHOULD);
            }
            if (!word.grams().isEmpty()) {
                BooleanQuery.Builder grams = new BooleanQuery.Builder();
                word.grams().forEach(g -> grams.add(new TermQuery(new Term(KoreanText.GRAMS, g)), BooleanClause.Occur.SHOULD));
                grams.setMinimumNumberShouldMatch(word.gramsRequired());
                either.add(grams.build(), BooleanClause.Occur.SHOULD);
            }
            all.add(either.build(), BooleanClause.Occur.MUST);
        }
        all.add(scope(query.rooms()), BooleanClause.Occur.FILTER);
        if (query.sender() != null) {
            all.add(LongField.newExactQuery(SENDER, query.sender()), BooleanClause.Occur.FILTER);
        }
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli() - 1;
            all.add(LongField.newRangeQuery(SENT_AT, from, to), BooleanClause.Occur.FILTER);
        }
        return all.build();
    }

    /** Rooms joined at their start share one set query; the others each bound their seqs. */
    private static Query scope(List<RoomScope> rooms) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        long[] whole = rooms.stream().filter(r -> r.afterSeq() <= 0).mapToLong(RoomScope::roomId).toArray();
        if (whole.length > 0) {
            any.add(LongField.newSetQuery(ROOM, whole), BooleanClause.Occur.SHOULD);
        }
        for (RoomScope room : rooms) {
            if (room.afterSeq() > 0) {
                any.add(new BooleanQuery.Builder()
                        .add(LongField.newExactQuery(ROOM, room.roomId()), BooleanClause.Occur.FILTER)
                        .add(LongField.newRangeQuery(SEQ, room.afterSeq() + 1, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
                        .build(), BooleanClause.Occur.SHOULD);
            }
        }
        return any.build();
    }

    @Override
    public synchronized void clear() {
        try {
            writer.deleteAll();
            startNewId();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Stats stats() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                long bytes = 0;
                for (String file : directory.listAll()) {
                    try {
                        bytes += directory.fileLength(file);
                    } catch (IOException gone) {
                        // merged away while we counted
                    }
                }
                return new Stats(searcher.getIndexReader().numDocs(), bytes);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(long roomId, long seq) {
        return roomId + ":" + seq;
    }

    @PreDestroy
    void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }

    @Override
    public String toString() {
        return "Lucene index at " + path;
    }
}

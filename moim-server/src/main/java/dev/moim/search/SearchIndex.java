package dev.moim.search;

import java.time.Instant;
import java.util.List;

/**
 * Where messages are found by their words: Lucene in the data directory (embedded) or OpenSearch (cluster mode).
 * One contract suite, {@code SearchIndexContract}, runs against every adapter.
 *
 * <p>The index is a copy that follows the database: {@link SearchIndexer} puts what was committed, by message
 * (room and seq), so putting a message again replaces it. Writes are durable when they return, which is what lets
 * the indexer record how far it got. Who may see what is decided by the caller: a query names the rooms it may
 * search and, for each, the seq the searcher joined at.
 */
public interface SearchIndex {

    /**
     * Names this index's contents. It changes when the index starts empty (first start, a deleted directory, a
     * rebuild), which tells the indexer to start from the beginning.
     */
    String indexId();

    /** Adds or replaces these messages; durable on return. */
    void put(List<IndexedMessage> messages);

    /** Removes these messages (deleted ones); durable on return. Unknown ones are ignored. */
    void remove(List<MessageKey> messages);

    /** One page of hits, best first in the query's order. */
    Page search(SearchQuery query);

    /** Empties the index; {@link #indexId()} changes. */
    void clear();

    /** How many messages the index holds and, where the engine says, its size on disk (-1 if unknown). */
    Stats stats();

    record MessageKey(long roomId, long seq) {
    }

    record IndexedMessage(long roomId, long seq, long senderId, Instant createdAt, String content) {
    }

    /**
     * @param words  every word must match (see {@link KoreanText.QueryWord})
     * @param rooms  the only rooms searched, each from the seq after the one its searcher joined at
     * @param sender only this sender's messages, or null
     * @param from   inclusive lower bound on the time sent, or null
     * @param to     exclusive upper bound on the time sent, or null
     * @param after  the page after this position, or null for the first page
     */
    record SearchQuery(List<KoreanText.QueryWord> words, List<RoomScope> rooms, Long sender, Instant from, Instant to,
                       Order order, Position after, int limit) {
    }

    /** A room to search: its messages with seq above {@code afterSeq}. */
    record RoomScope(long roomId, long afterSeq) {
    }

    enum Order {
        /** Newest first. */
        RECENT,
        /** Best match first; equally good ones newest first. */
        RELEVANCE
    }

    /** Where a hit stands in its query's order; a page continues after the last hit's position. */
    record Position(float score, long sentAtMillis, long roomId, long seq) {
    }

    /** {@code content} as indexed: the caller compares it with the database to tell a stale hit. */
    record Hit(long roomId, long seq, String content, Position position) {
    }

    /** {@code next} is null on the last page. */
    record Page(List<Hit> hits, Position next) {
    }

    record Stats(long messages, long sizeBytes) {
    }
}

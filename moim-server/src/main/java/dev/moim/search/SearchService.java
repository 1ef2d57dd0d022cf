package dev.moim.search;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Text;
import dev.moim.common.Times;
import dev.moim.room.ChatMessage;
import dev.moim.room.MessageStore;
import dev.moim.room.MessageViews;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomStore;
import dev.moim.trending.TrendingKeywords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Message search, in one room or in all of the searcher's rooms. Who may see what is decided here, at query time,
 * from the database: only rooms the searcher is a member of now, and in each only what came after they joined.
 * Every hit is then read back from the database, so an edit or deletion the index has not caught up with yet
 * never shows old text: such a hit is left out.
 */
@Service
public class SearchService {

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);
    static final int MAX_QUERY_LENGTH = 100;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    private final SearchIndex index;
    private final RoomDirectory rooms;
    private final RoomStore roomStore;
    private final MessageStore messages;
    private final MessageViews views;
    private final RateLimits rateLimits;
    private final TrendingKeywords trending;

    public SearchService(SearchIndex index, RoomDirectory rooms, RoomStore roomStore, MessageStore messages,
                         MessageViews views, RateLimits rateLimits, TrendingKeywords trending) {
        this.index = index;
        this.rooms = rooms;
        this.roomStore = roomStore;
        this.messages = messages;
        this.views = views;
        this.rateLimits = rateLimits;
        this.trending = trending;
    }

    /** What a client asked for, as it came; every field but {@code q} may be null. */
    public record Request(String q, Long roomId, Long senderId, String from, String to, String sort, String cursor,
                         Integer limit) {
    }

    SearchRequests.Results search(long userId, Request request) {
        String text = query(request.q());
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_LIMIT);
        }
        SearchIndex.Order order = order(request.sort());
        Instant from = instant("from", request.from());
        Instant to = instant("to", request.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "from must be before to");
        }
        SearchIndex.Position after = Cursor.decode(request.cursor(), order);
        List<SearchIndex.RoomScope> scope = scope(userId, request.roomId());
        rateLimits.checkSearch(userId);

        List<KoreanText.QueryWord> words = KoreanText.queryWords(text);
        SearchIndex.Page page;
        try {
            page = index.search(new SearchIndex.SearchQuery(words, scope, request.senderId(), from, to, order, after, limit));
        } catch (RuntimeException unavailable) {
            log.warn("Search failed in {}: {}", index, unavailable.toString());
            throw new MoimException(ErrorCode.SERVER_BUSY, "Search is unavailable right now; try again shortly");
        }
        // Counted only once the search was made (a refused one says nothing about what people look for).
        trending.record(userId, text, Times.now());
        // Each hit read back from the database (one indexed lookup each).
        Map<MessageStore.SeqKey, ChatMessage> stored = messages.findAll(
                page.hits().stream().map(h -> new MessageStore.SeqKey(h.roomId(), h.seq())).toList());
        List<SearchRequests.Hit> hits = new ArrayList<>();
        for (SearchIndex.Hit hit : page.hits()) {
            ChatMessage message = stored.get(new MessageStore.SeqKey(hit.roomId(), hit.seq()));
            Optional<RoomState> room = rooms.find(hit.roomId());
            // Deleted, or edited since it was indexed: the text that matched is gone, so is the hit.
            if (message == null || room.isEmpty() || message.deleted() || !SearchIndexer.text(message).equals(hit.content())) {
                continue;
            }
            RoomState.Member member = room.get().member(userId);
            if (member == null) {
                continue;
            }
            hits.add(new SearchRequests.Hit(views.view(message, room.get()).seenFrom(member.joinedSeq()),
                    KoreanText.highlights(message.content(), words)));
        }
        return new SearchRequests.Results(hits, page.next() == null ? null : Cursor.encode(page.next(), order));
    }

    private static String query(String q) {
        if (q == null || q.isBlank()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "q must not be empty");
        }
        Text.require("q", q);
        String text = q.strip();
        if (text.codePointCount(0, text.length()) > MAX_QUERY_LENGTH) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return text;
    }

    /** One room (the caller must be a member) or every room the caller is in, each from their join seq. */
    private List<SearchIndex.RoomScope> scope(long userId, Long roomId) {
        if (roomId != null) {
            RoomState.Member member = rooms.member(roomId, userId);
            return List.of(new SearchIndex.RoomScope(roomId, member.joinedSeq()));
        }
        List<SearchIndex.RoomScope> scope = new ArrayList<>();
        for (Map.Entry<Long, Long> joined : roomStore.joinedSeqs(userId).entrySet()) {
            scope.add(new SearchIndex.RoomScope(joined.getKey(), joined.getValue()));
        }
        return scope;
    }

    private static SearchIndex.Order order(String sort) {
        if (sort == null || sort.equals("recent")) {
            return SearchIndex.Order.RECENT;
        }
        if (sort.equals("relevance")) {
            return SearchIndex.Order.RELEVANCE;
        }
        throw new MoimException(ErrorCode.VALIDATION_FAILED, "sort must be recent or relevance");
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED,
                    field + " must be a date and time with its offset, e.g. 2026-11-30T09:00:00+09:00");
        }
    }

    /** The position after which the next page starts, opaque to clients; bound to the order it was made for. */
    static final class Cursor {

        private static final int SIZE = 1 + 4 + 8 + 8 + 8;

        private Cursor() {
        }

        static String encode(SearchIndex.Position p, SearchIndex.Order order) {
            ByteBuffer bytes = ByteBuffer.allocate(SIZE).put((byte) order.ordinal()).putFloat(p.score())
                    .putLong(p.sentAtMillis()).putLong(p.roomId()).putLong(p.seq());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        }

        static SearchIndex.Position decode(String cursor, SearchIndex.Order order) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                byte[] raw = Base64.getUrlDecoder().decode(cursor);
                ByteBuffer bytes = ByteBuffer.wrap(raw);
                if (raw.length != SIZE || bytes.get() != order.ordinal()) {
                    throw new IllegalArgumentException("not a cursor of this order");
                }
                float score = bytes.getFloat();
                if (!Float.isFinite(score)) {
                    throw new IllegalArgumentException("score");
                }
                return new SearchIndex.Position(score, bytes.getLong(), bytes.getLong(), bytes.getLong());
            } catch (IllegalArgumentException e) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED,
                        "cursor must be a nextCursor this search returned, with the same sort");
            }
        }
    }

}

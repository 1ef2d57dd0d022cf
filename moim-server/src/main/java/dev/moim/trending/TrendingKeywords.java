package dev.moim.trending;

import java.time.Instant;
import java.util.List;

/**
 * What people search for, counted once per user: a keyword's count in a window is the number of distinct users who
 * searched it within that window, however often each did. Exact, not estimated. The embedded default keeps the
 * counts in memory ({@link InMemoryTrendingKeywords}); cluster mode keeps them in Redis, where every node counts
 * together ({@link RedisTrendingKeywords}). {@code TrendingKeywordsContract} checks both.
 *
 * <p>Times are passed in (the caller's clock) and are expected to move forward: what falls out of a window is
 * forgotten when the next call is made.
 */
public interface TrendingKeywords {

    /**
     * One search by a user. The query is normalised into its keyword ({@link Keywords#keyword}); a query that
     * leaves no keyword (empty, too long, only stop words) is not counted.
     */
    void record(long userId, String query, Instant at);

    /** The keywords searched by the most users within {@code window} before {@code at}, ties by keyword. */
    List<Keyword> top(Window window, Instant at, int limit);
}

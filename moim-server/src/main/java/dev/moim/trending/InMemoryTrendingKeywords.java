package dev.moim.trending;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Trending keywords on one node (the embedded default), in memory. Per window it keeps each (user, keyword) pair
 * with the time of that user's last search of it, and per keyword the number of such pairs: a pair older than the
 * window is dropped and its keyword counts one user fewer. So the counts are exact and a top-10 costs no sorting.
 * Memory is bounded: past {@code maxPairs} pairs per window the oldest are dropped, as if they had aged out.
 */
@Component
@Profile("!redis")
public class InMemoryTrendingKeywords implements TrendingKeywords {

    static final int MAX_PAIRS = 200_000;

    private final Map<Window, Tally> tallies = new EnumMap<>(Window.class);

    public InMemoryTrendingKeywords() {
        this(MAX_PAIRS);
    }

    InMemoryTrendingKeywords(int maxPairs) {
        for (Window window : Window.values()) {
            tallies.put(window, new Tally(window.duration().toMillis(), maxPairs));
        }
    }

    @Override
    public void record(long userId, String query, Instant at) {
        Keywords.keyword(query).ifPresent(keyword -> {
            for (Tally tally : tallies.values()) {
                tally.record(userId + "|" + keyword, keyword, at.toEpochMilli());
            }
        });
    }

    @Override
    public List<Keyword> top(Window window, Instant at, int limit) {
        return tallies.get(window).top(at.toEpochMilli(), limit);
    }

    /** One window's pairs and counts; the same steps as the Redis adapter's scripts, under one lock. */
    private static final class Tally {

        private final long windowMillis;
        private final int maxPairs;
        /** "userId|keyword" to the time of that user's last search of it. */
        private final Map<String, Long> lastSearch = new HashMap<>();
        /** The same pairs, oldest first (ties by pair, as Redis orders equal scores). */
        private final NavigableSet<Searched> byTime = new TreeSet<>(
                Comparator.comparingLong(Searched::at).thenComparing(Searched::pair, Keywords.CODE_POINT_ORDER));
        private final Map<String, Long> users = new HashMap<>();
        /** The keywords by count, most users first, ties by keyword. */
        private final NavigableSet<Keyword> ranking = new TreeSet<>(Comparator.comparingLong(Keyword::users).reversed()
                .thenComparing(Keyword::keyword, Keywords.CODE_POINT_ORDER));

        private record Searched(long at, String pair) {
        }

        Tally(long windowMillis, int maxPairs) {
            this.windowMillis = windowMillis;
            this.maxPairs = maxPairs;
        }

        synchronized void record(String pair, String keyword, long at) {
            prune(at - windowMillis);
            Long previous = lastSearch.get(pair);
            if (previous != null && previous >= at) {
                return;
            }
            if (previous == null) {
                count(keyword, 1);
            } else {
                byTime.remove(new Searched(previous, pair));
            }
            lastSearch.put(pair, at);
            byTime.add(new Searched(at, pair));
            while (lastSearch.size() > maxPairs) {
                forget(byTime.pollFirst().pair());
            }
        }

        synchronized List<Keyword> top(long at, int limit) {
            prune(at - windowMillis);
            if (limit <= 0) {
                return List.of();
            }
            List<Keyword> top = new ArrayList<>(Math.min(limit, ranking.size()));
            for (Keyword keyword : ranking) {
                if (top.size() >= limit) {
                    break;
                }
                top.add(keyword);
            }
            return top;
        }

        /** Drops the pairs last searched at or before {@code cutoff}. */
        private void prune(long cutoff) {
            while (!byTime.isEmpty() && byTime.first().at() <= cutoff) {
                forget(byTime.pollFirst().pair());
            }
        }

        private void forget(String pair) {
            lastSearch.remove(pair);
            count(pair.substring(pair.indexOf('|') + 1), -1);
        }

        private void count(String keyword, long change) {
            Long before = users.get(keyword);
            long after = (before == null ? 0 : before) + change;
            if (before != null) {
                ranking.remove(new Keyword(keyword, before));
            }
            if (after > 0) {
                users.put(keyword, after);
                ranking.add(new Keyword(keyword, after));
            } else {
                users.remove(keyword);
            }
        }
    }
}

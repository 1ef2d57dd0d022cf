package dev.moim.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.moim.trending.Window;

/**
 * How a window is cut into buckets. The hour is 60 one-minute buckets and the day 24 one-hour buckets: "the last
 * hour" at 10:42:30 runs from 09:43:00 to 10:42:30, exact to the minute, and "the last day" from 11:00 the day
 * before, exact to the hour. Counting per bucket keeps a room's tally one number per bucket however many messages
 * it gets; exact per message would cost a sorted-set entry per message.
 */
record Buckets(String unit, Duration width, int count) {

    static final Buckets MINUTES = new Buckets("minute", Duration.ofMinutes(1), 60);
    static final Buckets HOURS = new Buckets("hour", Duration.ofHours(1), 24);

    static Buckets of(Window window) {
        return switch (window) {
            case HOUR -> MINUTES;
            case DAY -> HOURS;
        };
    }

    /** The bucket {@code at} falls in, counted from the epoch. */
    long index(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), width.toMillis());
    }

    /** The first bucket of the window that ends at {@code at}. */
    long first(Instant at) {
        return index(at) - count + 1;
    }

    /** How long a bucket is kept after it was last written to: until it has surely left its window. */
    Duration keep() {
        return width.multipliedBy(count + 1L);
    }

    /** Ids by count, most first, ties by id; zero counts left out. */
    static List<Map.Entry<Long, Long>> ranked(Map<Long, Long> counts, int limit) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, limit))
                .toList();
    }
}

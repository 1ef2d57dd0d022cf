package dev.moim.trending;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TrendingKeywords} adapter must do. Times are passed in, moving forward as a clock would, so
 * nothing here waits for time to pass.
 */
abstract class TrendingKeywordsContract {

    protected static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** A fresh, empty adapter that keeps at most {@code maxPairs} (user, keyword) pairs per window. */
    protected abstract TrendingKeywords newKeywords(int maxPairs);

    protected TrendingKeywords newKeywords() {
        return newKeywords(InMemoryTrendingKeywords.MAX_PAIRS);
    }

    protected static Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    protected static Instant minutesAgo(long minutes) {
        return ago(Duration.ofMinutes(minutes));
    }

    protected static Keyword kw(String keyword, long users) {
        return new Keyword(keyword, users);
    }

    @Test
    void aUserCountsOncePerKeywordHoweverOftenTheySearchIt() {
        TrendingKeywords trending = newKeywords();
        for (int i = 0; i < 50; i++) {
            trending.record(1, "콘서트", minutesAgo(50 - i));
        }
        trending.record(2, "콘서트", minutesAgo(5));
        trending.record(3, "콘서트", minutesAgo(4));
        trending.record(1, "티켓", minutesAgo(3));
        trending.record(1, "티켓", minutesAgo(2));

        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("콘서트", 3), kw("티켓", 1));
        assertThat(trending.top(Window.DAY, NOW, 10)).containsExactly(kw("콘서트", 3), kw("티켓", 1));
    }

    @Test
    void eachWindowCountsOnlyTheSearchesWithinIt() {
        TrendingKeywords trending = newKeywords();
        trending.record(1, "지난주", ago(Duration.ofDays(7)));
        trending.record(2, "어제", ago(Duration.ofHours(25)));
        trending.record(3, "하루", ago(Duration.ofHours(24)));
        trending.record(4, "오늘아침", ago(Duration.ofHours(23)));
        trending.record(5, "한시간", minutesAgo(61));
        trending.record(6, "정각", minutesAgo(60));
        trending.record(7, "방금", minutesAgo(59));
        trending.record(8, "지금", NOW);

        assertThat(trending.top(Window.HOUR, NOW, 10)).as("61 and 60 minutes old are out of the hour")
                .containsExactly(kw("방금", 1), kw("지금", 1));
        assertThat(trending.top(Window.DAY, NOW, 10)).as("older than a day is out of both")
                .containsExactly(kw("방금", 1), kw("오늘아침", 1), kw("정각", 1), kw("지금", 1), kw("한시간", 1));
    }

    @Test
    void aKeywordLosesEachUserAsTheirLastSearchAgesOut() {
        TrendingKeywords trending = newKeywords();
        Instant start = ago(Duration.ofHours(2));
        trending.record(1, "벚꽃", start);
        trending.record(2, "벚꽃", start.plus(Duration.ofMinutes(10)));
        trending.record(3, "벚꽃", start.plus(Duration.ofMinutes(20)));
        // User 1 searches again: they stay for another hour from this search.
        trending.record(1, "벚꽃", start.plus(Duration.ofMinutes(30)));

        assertThat(trending.top(Window.HOUR, start.plus(Duration.ofMinutes(65)), 10)).containsExactly(kw("벚꽃", 3));
        assertThat(trending.top(Window.HOUR, start.plus(Duration.ofMinutes(75)), 10)).containsExactly(kw("벚꽃", 2));
        assertThat(trending.top(Window.HOUR, start.plus(Duration.ofMinutes(85)), 10)).containsExactly(kw("벚꽃", 1));
        assertThat(trending.top(Window.HOUR, start.plus(Duration.ofMinutes(95)), 10)).isEmpty();
        assertThat(trending.top(Window.DAY, start.plus(Duration.ofMinutes(95)), 10)).containsExactly(kw("벚꽃", 3));

        // Gone from the hour, a user who searches again counts again, once.
        trending.record(2, "벚꽃", start.plus(Duration.ofMinutes(100)));
        assertThat(trending.top(Window.HOUR, start.plus(Duration.ofMinutes(100)), 10)).containsExactly(kw("벚꽃", 1));
        assertThat(trending.top(Window.DAY, start.plus(Duration.ofMinutes(100)), 10)).containsExactly(kw("벚꽃", 3));
    }

    @Test
    void emptyQueriesAndStopWordsAloneAreLeftOut() {
        TrendingKeywords trending = newKeywords();
        List<String> leftOut = List.of("", "   ", "\t\n", "은", "에서", "으로", "THE", "the of and", "에서 의 는",
                "a  an", "x".repeat(101), "😀".repeat(101), "bad\u0000query", "half \uD83D", "\u3000",
                // Punctuation or symbols alone: nothing people look for.
                "!", "*", "?!", "(", "😀".repeat(100));
        for (String query : leftOut) {
            trending.record(1, query, minutesAgo(5));
        }
        trending.record(1, null, minutesAgo(5));
        assertThat(trending.top(Window.DAY, NOW, 10)).isEmpty();

        // A stop word inside a longer query is part of the keyword; words that merely begin like one are no stop words.
        trending.record(1, "The Concert", minutesAgo(4));
        trending.record(1, "은행", minutesAgo(4));
        trending.record(1, "x".repeat(100), minutesAgo(4));
        trending.record(1, "😀 콘서트", minutesAgo(4));
        assertThat(trending.top(Window.HOUR, NOW, 10)).extracting(Keyword::keyword)
                .containsExactly("the concert", "x".repeat(100), "은행", "😀 콘서트");
    }

    @Test
    void queriesAreNormalisedIntoOneKeyword() {
        TrendingKeywords trending = newKeywords();
        trending.record(1, "콘서트 티켓", minutesAgo(9));
        trending.record(2, "  콘서트   티켓  ", minutesAgo(8));
        trending.record(3, "콘서트\t티켓", minutesAgo(7));
        trending.record(4, "콘서트\u3000티켓", minutesAgo(6));
        trending.record(5, Normalizer.normalize("콘서트 티켓", Normalizer.Form.NFD), minutesAgo(5));
        trending.record(1, "BTS", minutesAgo(4));
        trending.record(2, "bts", minutesAgo(3));
        trending.record(3, " Bts ", minutesAgo(2));

        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("콘서트 티켓", 5), kw("bts", 3));
    }

    @Test
    void theTopIsCutAtTheLimitWithTiesInKeywordOrder() {
        TrendingKeywords trending = newKeywords();
        // Keyword k<n> is searched by n users, except the tied pair "tie-b"/"tie-a" (4 users each).
        for (int n = 1; n <= 12; n++) {
            for (int user = 1; user <= n; user++) {
                trending.record(user, "k" + n, minutesAgo(30));
            }
        }
        for (int user = 1; user <= 4; user++) {
            trending.record(user, "tie-b", minutesAgo(20));
            trending.record(user, "tie-a", minutesAgo(20));
        }

        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("k12", 12), kw("k11", 11), kw("k10", 10),
                kw("k9", 9), kw("k8", 8), kw("k7", 7), kw("k6", 6), kw("k5", 5), kw("k4", 4), kw("tie-a", 4));
        assertThat(trending.top(Window.HOUR, NOW, 3)).containsExactly(kw("k12", 12), kw("k11", 11), kw("k10", 10));
        assertThat(trending.top(Window.DAY, NOW, 100)).hasSize(14);
        assertThat(trending.top(Window.HOUR, NOW, 0)).isEmpty();
    }

    @Test
    void pastItsBoundTheOldestPairsAreDropped() {
        TrendingKeywords trending = newKeywords(3);
        trending.record(1, "first", minutesAgo(40));
        trending.record(1, "second", minutesAgo(30));
        trending.record(2, "second", minutesAgo(20));
        trending.record(1, "third", minutesAgo(10));

        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("second", 2), kw("third", 1));
        assertThat(trending.top(Window.DAY, NOW, 10)).containsExactly(kw("second", 2), kw("third", 1));
    }
}

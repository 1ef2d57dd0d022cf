package dev.moim.trending;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.RedisClients;
import dev.moim.support.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Redis adapter against a real redis-server: the contract, and several nodes counting together. */
class RedisTrendingKeywordsTest extends TrendingKeywordsContract {

    private static final EmbeddedRedis REDIS = new EmbeddedRedis();

    private final List<RedisClient> clients = new ArrayList<>();
    private final List<RedisTrendingKeywords> nodes = new ArrayList<>();

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(RedisTrendingKeywords::close);
        clients.forEach(RedisClient::shutdown);
        // What one test counted must not be seen by the next.
        try (RedisClient client = RedisClients.create(REDIS.url()); var connection = client.connect()) {
            connection.sync().flushall();
        }
    }

    /** One node's adapter, with a client of its own, on the keys every node uses. */
    @Override
    protected RedisTrendingKeywords newKeywords(int maxPairs) {
        RedisClient client = RedisClients.create(REDIS.url());
        clients.add(client);
        RedisTrendingKeywords node = new RedisTrendingKeywords(client, new SimpleMeterRegistry(),
                RedisTrendingKeywords.PREFIX, maxPairs);
        nodes.add(node);
        return node;
    }

    @Test
    void nodesCountTogetherAndStillOncePerUser() {
        TrendingKeywords a = newKeywords();
        TrendingKeywords b = newKeywords();
        TrendingKeywords c = newKeywords();
        a.record(1, "콘서트", minutesAgo(30));
        b.record(2, "콘서트", minutesAgo(20));
        c.record(3, "콘서트", minutesAgo(10));
        // The same user through another node is still one user.
        b.record(1, "콘서트", minutesAgo(5));
        c.record(1, "티켓", minutesAgo(5));

        for (TrendingKeywords node : List.of(a, b, c)) {
            assertThat(node.top(Window.HOUR, NOW, 10)).containsExactly(kw("콘서트", 3), kw("티켓", 1));
        }
        // User 1's search through node b keeps them in the hour after their first (through node a) has aged out.
        assertThat(a.top(Window.HOUR, NOW.plus(Duration.ofMinutes(45)), 10)).containsExactly(kw("콘서트", 2), kw("티켓", 1));
    }

    @Test
    void scriptsForgottenByRedisAreLoadedAgain() {
        TrendingKeywords trending = newKeywords();
        trending.record(1, "벚꽃", minutesAgo(3));
        try (RedisClient client = RedisClients.create(REDIS.url()); var connection = client.connect()) {
            connection.sync().scriptFlush();
        }
        trending.record(2, "벚꽃", minutesAgo(2));
        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("벚꽃", 2));
    }

    @Test
    void withoutRedisASearchIsNotCountedAndTheRankingIsBusy() {
        TrendingKeywords trending = newKeywords();
        trending.record(1, "벚꽃", minutesAgo(3));
        REDIS.stop();
        try {
            // Recording never fails the search that records.
            trending.record(2, "벚꽃", minutesAgo(2));
            assertThatThrownBy(() -> trending.top(Window.HOUR, NOW, 10)).isInstanceOfSatisfying(MoimException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_BUSY));
        } finally {
            REDIS.start();
        }
        // Redis came back empty (it keeps nothing on disk); counting starts again once the client has reconnected.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> assertThat(trending.top(Window.HOUR, NOW, 10)).isEmpty());
        trending.record(3, "벚꽃", minutesAgo(1));
        assertThat(trending.top(Window.HOUR, NOW, 10)).containsExactly(kw("벚꽃", 1));
    }
}

package dev.moim.common;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.moim.config.MoimProperties;
import dev.moim.config.RedisClients;
import dev.moim.support.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In cluster mode a limit holds across nodes: two nodes' RateLimits share their buckets in a real redis-server, so
 * a client that spreads its requests over both gets no more than from one. Without Redis, requests are refused.
 */
class SharedRateLimitsTest {

    private static final EmbeddedRedis REDIS = new EmbeddedRedis();
    private static final MoimProperties.Rate PER_HOUR = new MoimProperties.Rate(3, Duration.ofHours(1));
    private static final MoimProperties PROPERTIES = new MoimProperties(null,
            new MoimProperties.Auth(null, null, null, 1, 1, PER_HOUR, PER_HOUR, PER_HOUR, PER_HOUR, Duration.ofSeconds(1)),
            new MoimProperties.Messages(4000, 1.0, 5, 10, Duration.ofSeconds(1), 10, Duration.ZERO, Duration.ofSeconds(1), 1.0, 5),
            new MoimProperties.Rooms(1000, PER_HOUR), null, null, null, null,
            new MoimProperties.Search(PER_HOUR, null, null),
            new MoimProperties.Files("local", null, null, 0, 0, 0, null, null, null, null, PER_HOUR, null, null),
            new MoimProperties.Social(500, 20, PER_HOUR, PER_HOUR), null,
            new MoimProperties.Accounts(false, null, null, 5, null, PER_HOUR, PER_HOUR, PER_HOUR, PER_HOUR), null,
            new MoimProperties.Reactions(List.of("👍"), PER_HOUR),
            new MoimProperties.Groups(PER_HOUR, PER_HOUR, null, null, 20, "/invite/"),
            new MoimProperties.Ledger("KRW", List.of("KRW"), 1_000_000, 1_000_000, PER_HOUR), null);

    private final RedisClient client = RedisClients.create(REDIS.url());
    private final RateLimits nodeA = new RateLimits(PROPERTIES, Optional.of(RedisClients.sharedBuckets(client)));
    private final RateLimits nodeB = new RateLimits(PROPERTIES, Optional.of(RedisClients.sharedBuckets(client)));

    @AfterEach
    void closeClient() {
        client.shutdown();
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void aLimitHoldsAcrossNodes() {
        nodeA.checkSignup("203.0.113.7");
        nodeB.checkSignup("203.0.113.7");
        nodeA.checkSignup("203.0.113.7");
        for (RateLimits node : new RateLimits[] {nodeA, nodeB}) {
            assertThatThrownBy(() -> node.checkSignup("203.0.113.7")).isInstanceOfSatisfying(MoimException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        }
        // Another address has its own bucket.
        nodeB.checkSignup("198.51.100.2");

        // Sends: a burst of 5 per user, whichever node each goes through.
        for (int i = 0; i < 5; i++) {
            (i % 2 == 0 ? nodeA : nodeB).checkSend(42);
        }
        assertThatThrownBy(() -> nodeB.checkSend(42)).isInstanceOf(MoimException.class);
    }

    @Test
    void aRightPasswordGivesTheBookingBackOnEveryNode() {
        for (int i = 0; i < 3; i++) {
            (i % 2 == 0 ? nodeA : nodeB).startLogin("192.0.2.9", "mina@example.com").succeeded();
        }
        // Three successes booked and gave back three attempts: the fourth is not refused.
        nodeA.startLogin("192.0.2.9", "mina@example.com").succeeded();
        for (int i = 0; i < 3; i++) {
            nodeB.startLogin("192.0.2.9", "mina@example.com");
        }
        assertThatThrownBy(() -> nodeA.startLogin("192.0.2.9", "mina@example.com")).isInstanceOfSatisfying(
                MoimException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void withoutRedisRequestsAreRefusedNotLetThrough() {
        REDIS.stop();
        try {
            assertThatThrownBy(() -> nodeA.checkSend(7)).isInstanceOfSatisfying(MoimException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_BUSY));
        } finally {
            REDIS.start();
        }
    }
}

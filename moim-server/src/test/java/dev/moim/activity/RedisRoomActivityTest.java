package dev.moim.activity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.RedisClients;
import dev.moim.support.EmbeddedRedis;
import dev.moim.trending.Window;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Redis adapter against a real redis-server: the contract, and several nodes adding up. */
class RedisRoomActivityTest extends RoomActivityContract {

    private static final EmbeddedRedis REDIS = new EmbeddedRedis();

    private final List<RedisClient> clients = new ArrayList<>();
    private final List<RedisRoomActivity> nodes = new ArrayList<>();

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(RedisRoomActivity::close);
        clients.forEach(RedisClient::shutdown);
        // What one test counted must not be seen by the next.
        try (RedisClient client = RedisClients.create(REDIS.url()); var connection = client.connect()) {
            connection.sync().flushall();
        }
    }

    /** One node's adapter, with a client of its own, on the keys every node uses. */
    @Override
    protected RedisRoomActivity newActivity() {
        RedisClient client = RedisClients.create(REDIS.url());
        clients.add(client);
        RedisRoomActivity node = new RedisRoomActivity(client);
        nodes.add(node);
        return node;
    }

    @Test
    void theNodesMessagesAddUp() {
        RoomActivity a = newActivity();
        RoomActivity b = newActivity();
        send(a, 1, 10, 2, ago(Duration.ofMinutes(3)));
        send(b, 1, 10, 3, ago(Duration.ofMinutes(2)));
        send(b, 1, 11, 1, ago(Duration.ofMinutes(2)));
        send(a, 2, 11, 4, ago(Duration.ofMinutes(1)));

        for (RoomActivity node : List.of(a, b)) {
            assertThat(node.busiest(List.of(1L, 2L), Window.HOUR, NOW, 10))
                    .containsExactly(new RoomCount(1, 6), new RoomCount(2, 4));
            assertThat(node.activeMembers(1, Window.DAY, NOW, 10))
                    .containsExactly(new MemberCount(10, 5), new MemberCount(11, 1));
        }
    }

    @Test
    void everyBucketExpiresOnceItHasLeftItsWindow() {
        RoomActivity activity = newActivity();
        activity.record(1, 10, NOW);
        try (RedisClient client = RedisClients.create(REDIS.url());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            List<String> keys = redis.keys(RedisRoomActivity.PREFIX + "*");
            assertThat(keys).hasSize(4);
            for (String key : keys) {
                long seconds = redis.ttl(key);
                if (key.contains(":minute:")) {
                    assertThat(seconds).as(key).isBetween(Duration.ofMinutes(60).toSeconds(), Duration.ofMinutes(61).toSeconds());
                } else {
                    assertThat(key).contains(":hour:");
                    assertThat(seconds).as(key).isBetween(Duration.ofHours(24).toSeconds(), Duration.ofHours(25).toSeconds());
                }
            }
        }
    }

    @Test
    void withoutRedisRankingsAreBusyAndRecordingFails() {
        RoomActivity activity = newActivity();
        activity.record(1, 10, NOW);
        REDIS.stop();
        try {
            assertThatThrownBy(() -> activity.record(1, 10, NOW)).as("the recorder counts the loss")
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> activity.busiest(List.of(1L), Window.HOUR, NOW, 10))
                    .isInstanceOfSatisfying(MoimException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_BUSY));
            assertThatThrownBy(() -> activity.activeMembers(1, Window.HOUR, NOW, 10))
                    .isInstanceOfSatisfying(MoimException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVER_BUSY));
        } finally {
            REDIS.start();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .untilAsserted(() -> assertThat(activity.busiest(List.of(1L), Window.HOUR, NOW, 10)).isEmpty());
        activity.record(1, 10, NOW);
        assertThat(activity.busiest(List.of(1L), Window.HOUR, NOW, 10)).containsExactly(new RoomCount(1, 1));
    }
}

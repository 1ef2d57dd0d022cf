package dev.moim.activity;

import dev.moim.support.ClusterModeNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Room activity in cluster mode: counts in Redis, on PostgreSQL, fed from the commits this node makes. */
@ActiveProfiles({"postgres", "redis"})
@ContextConfiguration(initializers = ClusterModeNode.class)
class RoomActivityRedisApiTest extends RoomActivityApiContract {

    @Autowired
    RoomActivity wired;

    @Test
    void theCountsAreKeptInRedis() {
        assertThat(wired).isInstanceOf(RedisRoomActivity.class);
    }
}

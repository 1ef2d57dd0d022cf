package dev.moim.trending;

import dev.moim.support.ClusterModeNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The trending endpoint in cluster mode: counts in Redis, on PostgreSQL. */
@ActiveProfiles({"postgres", "redis"})
@ContextConfiguration(initializers = ClusterModeNode.class)
class TrendingKeywordsRedisApiTest extends TrendingKeywordsApiContract {

    @Autowired
    TrendingKeywords wired;

    @Test
    void theCountsAreKeptInRedis() {
        assertThat(wired).isInstanceOf(RedisTrendingKeywords.class);
    }
}

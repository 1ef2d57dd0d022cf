package dev.moim.config;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The one Redis client of a node in cluster mode, shared by the bus, presence and the rate limits (each with its own
 * connections).
 */
@Configuration
@Profile("redis")
public class RedisClients {

    /** A Redis command that has not answered in this time fails rather than holding its caller. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(@Value("${spring.data.redis.url}") String url) {
        return create(url);
    }

    /** Rate-limit buckets shared by every node (RateLimits uses them when present). */
    @Bean
    ProxyManager<byte[]> rateLimitBuckets(RedisClient client) {
        return sharedBuckets(client);
    }

    /** Buckets in Redis; each key expires once its bucket would have refilled (plus a margin). */
    public static ProxyManager<byte[]> sharedBuckets(RedisClient client) {
        return LettuceBasedProxyManager.builderFor(client)
                .withExpirationStrategy(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /**
     * A client that reconnects by itself and, while disconnected, fails commands at once instead of queueing them:
     * events and presence changes held for a Redis that may be gone for minutes would only arrive stale.
     */
    public static RedisClient create(String url) {
        RedisClient client = RedisClient.create(url);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        return client;
    }
}

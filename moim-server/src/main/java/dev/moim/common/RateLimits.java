package dev.moim.common;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.config.MoimProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

/**
 * Token buckets that keep one user from flooding a room and one email from guessing passwords.
 * They are per node; a cluster behind a load balancer divides them by its node count at worst.
 */
@Component
public class RateLimits {

    private static final int LOGIN_ATTEMPTS_PER_MINUTE = 10;
    /** Clients repeat "typing" every few seconds; this leaves room for several rooms at once and no more. */
    private static final int TYPING_SIGNALS_PER_10_SECONDS = 20;

    private final Cache<Long, Bucket> sends = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Cache<String, Bucket> logins = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Cache<Long, Bucket> typing = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Bandwidth sendLimit;
    private final Bandwidth loginLimit;
    private final Bandwidth typingLimit = Bandwidth.builder().capacity(TYPING_SIGNALS_PER_10_SECONDS)
            .refillGreedy(TYPING_SIGNALS_PER_10_SECONDS, Duration.ofSeconds(10))
            .build();

    public RateLimits(MoimProperties properties) {
        int burst = properties.messages().sendBurst();
        double perSecond = properties.messages().sendRatePerSecond();
        this.sendLimit = Bandwidth.builder().capacity(burst)
                .refillGreedy(burst, Duration.ofNanos((long) (burst / perSecond * 1_000_000_000L)))
                .build();
        this.loginLimit = Bandwidth.builder().capacity(LOGIN_ATTEMPTS_PER_MINUTE)
                .refillGreedy(LOGIN_ATTEMPTS_PER_MINUTE, Duration.ofMinutes(1))
                .build();
    }

    public void checkSend(long userId) {
        Bucket bucket = sends.get(userId, id -> Bucket.builder().addLimit(sendLimit).build());
        if (!bucket.tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are sending messages too fast; slow down");
        }
    }

    public void checkTyping(long userId) {
        Bucket bucket = typing.get(userId, id -> Bucket.builder().addLimit(typingLimit).build());
        if (!bucket.tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many typing signals; send one every few seconds");
        }
    }

    public void checkLogin(String email) {
        Bucket bucket = logins.get(email, key -> Bucket.builder().addLimit(loginLimit).build());
        if (!bucket.tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many log-in attempts; try again in a minute");
        }
    }
}

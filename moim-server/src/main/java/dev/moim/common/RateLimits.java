package dev.moim.common;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.config.MoimProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.stereotype.Component;

/**
 * Token buckets that keep one user from flooding a room, one address from creating accounts or guessing passwords,
 * and many addresses from guessing one account's password quickly.
 * They are per node; a cluster behind a load balancer divides them by its node count at worst.
 *
 * <p>Log-in failures are counted three ways (see {@link #startLogin}). Only the two that name the caller's address
 * refuse an attempt outright; the per-account count merely slows every attempt on that account down, because a
 * stranger must never be able to lock the owner out of their own account.
 */
@Component
public class RateLimits {

    /** Clients repeat "typing" every few seconds; this leaves room for several rooms at once and no more. */
    private static final int TYPING_SIGNALS_PER_10_SECONDS = 20;
    /** Bounds the memory an attacker can make us spend on buckets for made-up addresses and emails. */
    private static final long MAX_KEYS = 100_000;

    private final Limit sends;
    private final Limit edits;
    private final Limit typing;
    private final Limit memberAdds;
    private final Limit signupsPerIp;
    private final Limit loginFailuresPerIp;
    private final Limit loginFailuresPerAccountAndIp;
    private final Limit loginFailuresPerAccount;

    public RateLimits(MoimProperties properties) {
        MoimProperties.Messages messages = properties.messages();
        this.sends = Limit.of(messages.sendBurst(), messages.sendRatePerSecond());
        this.edits = Limit.of(messages.editBurst(), messages.editRatePerSecond());
        this.typing = new Limit(TYPING_SIGNALS_PER_10_SECONDS, Duration.ofSeconds(10));
        this.memberAdds = Limit.of(properties.rooms().memberAdds());
        MoimProperties.Auth auth = properties.auth();
        this.signupsPerIp = Limit.of(auth.signupsPerIp());
        this.loginFailuresPerIp = Limit.of(auth.loginFailuresPerIp());
        this.loginFailuresPerAccountAndIp = Limit.of(auth.loginFailuresPerAccountAndIp());
        this.loginFailuresPerAccount = Limit.of(auth.loginFailuresPerAccount());
    }

    public void checkSend(long userId) {
        if (!sends.bucket(userId).tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are sending messages too fast; slow down");
        }
    }

    /** Edits and deletions share one allowance: each is broadcast to the whole room. */
    public void checkEdit(long userId) {
        if (!edits.bucket(userId).tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are editing or deleting messages too fast; slow down");
        }
    }

    public void checkTyping(long userId) {
        if (!typing.bucket(userId).tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many typing signals; send one every few seconds");
        }
    }

    /**
     * Creating rooms and inviting people, counted by the members added: each is told at once (room_added), so a
     * user who adds thousands of people a minute floods them all. Refused whole, before anything is written.
     */
    public void checkMemberAdds(long userId, int members) {
        if (!memberAdds.bucket(userId).tryConsume(members)) {
            throw new MoimException(ErrorCode.RATE_LIMITED,
                    "You have added too many people to rooms lately; try again later");
        }
    }

    public void checkSignup(String clientAddress) {
        if (!signupsPerIp.bucket(clientAddress).tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many sign-ups from your network; try again later");
        }
    }

    /**
     * Books one log-in attempt as a failure in advance, so that many parallel guesses cannot all slip past the
     * limits before the first one is found wrong; {@link LoginAttempt#succeeded()} gives it back.
     * Refused outright only when this address has failed too often, in general or on this account.
     */
    public LoginAttempt startLogin(String clientAddress, String email) {
        Bucket perIp = loginFailuresPerIp.bucket(clientAddress);
        Bucket perAccountAndIp = loginFailuresPerAccountAndIp.bucket(clientAddress + "|" + email);
        if (!perIp.tryConsume(1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many failed log-ins from your network; try again later");
        }
        if (!perAccountAndIp.tryConsume(1)) {
            perIp.addTokens(1);
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many failed log-ins to this account; try again later");
        }
        Bucket perAccount = loginFailuresPerAccount.bucket(email);
        boolean underAttack = !perAccount.tryConsume(1);
        return new LoginAttempt(perIp, perAccountAndIp, underAttack ? null : perAccount, underAttack,
                () -> loginFailuresPerAccountAndIp.forget(clientAddress + "|" + email));
    }

    /** One log-in attempt's bookings. */
    public static final class LoginAttempt {

        private final Bucket perIp;
        private final Bucket perAccountAndIp;
        private final Bucket perAccount;
        private final boolean underAttack;
        private final Runnable forgiveAccountAndIp;

        private LoginAttempt(Bucket perIp, Bucket perAccountAndIp, Bucket perAccount, boolean underAttack,
                             Runnable forgiveAccountAndIp) {
            this.perIp = perIp;
            this.perAccountAndIp = perAccountAndIp;
            this.perAccount = perAccount;
            this.underAttack = underAttack;
            this.forgiveAccountAndIp = forgiveAccountAndIp;
        }

        /** The account has failed too often from everywhere together: answer this attempt slowly, right or wrong. */
        public boolean underAttack() {
            return underAttack;
        }

        /**
         * The password was right: the bookings are given back, and this address's earlier typos on the account
         * are forgiven. The per-address count is not reset, or one's own account would launder guesses at others.
         */
        public void succeeded() {
            abandoned();
            forgiveAccountAndIp.run();
        }

        /** The password was never checked (the server was busy): nothing is counted. */
        public void abandoned() {
            perIp.addTokens(1);
            perAccountAndIp.addTokens(1);
            if (perAccount != null) {
                perAccount.addTokens(1);
            }
        }
    }

    /** One kind of limit: a bucket per key, each forgotten once it would have refilled anyway. */
    private record Limit(Bandwidth bandwidth, Cache<Object, Bucket> buckets) {

        Limit(int capacity, Duration refillPeriod) {
            this(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, refillPeriod).build(),
                    Caffeine.newBuilder().expireAfterAccess(refillPeriod).maximumSize(MAX_KEYS).build());
        }

        static Limit of(int burst, double perSecond) {
            return new Limit(burst, Duration.ofNanos((long) (burst / perSecond * 1_000_000_000L)));
        }

        static Limit of(MoimProperties.Rate rate) {
            return new Limit(rate.count(), rate.per());
        }

        Bucket bucket(Object key) {
            return buckets.get(key, k -> Bucket.builder().addLimit(bandwidth).build());
        }

        void forget(Object key) {
            buckets.invalidate(key);
        }
    }
}

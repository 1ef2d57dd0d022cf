package dev.moim.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.config.MoimProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Token buckets that keep one user from flooding a room, one address from creating accounts or guessing passwords,
 * and many addresses from guessing one account's password quickly.
 * On one node the buckets are in memory; in cluster mode they are in Redis, so a limit holds across all nodes
 * (a client spreading its requests over the nodes gets no more). If Redis cannot answer, the request is refused
 * with SERVER_BUSY rather than let through uncounted.
 *
 * <p>Log-in failures are counted three ways (see {@link #startLogin}). Only the two that name the caller's address
 * refuse an attempt outright; the per-account count merely slows every attempt on that account down, because a
 * stranger must never be able to lock the owner out of their own account.
 */
@Component
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** Clients repeat "typing" every few seconds; this leaves room for several rooms at once and no more. */
    private static final int TYPING_SIGNALS_PER_10_SECONDS = 20;
    /** Bounds the memory an attacker can make us spend on buckets for made-up addresses and emails. */
    private static final long MAX_KEYS = 100_000;

    private final Limit sends;
    private final Limit edits;
    private final Limit typing;
    private final Limit memberAdds;
    private final Limit searches;
    private final Limit uploads;
    private final Limit mentions;
    private final Limit friendRequests;
    private final Limit signupsPerIp;
    private final Limit loginFailuresPerIp;
    private final Limit loginFailuresPerAccountAndIp;
    private final Limit loginFailuresPerAccount;
    private final Limit codeSendsPerEmail;
    private final Limit codeSendsPerIp;
    private final Limit codeChecksPerIp;
    private final Limit passwordChecksPerUser;
    private final Limit reactions;
    private final Limit roomPasswords;
    private final Limit applications;
    private final Limit paymentPins;

    /** {@code shared}: buckets in Redis (cluster mode); empty for buckets in this node's memory. */
    public RateLimits(MoimProperties properties, Optional<ProxyManager<byte[]>> shared) {
        ProxyManager<byte[]> redis = shared.orElse(null);
        MoimProperties.Messages messages = properties.messages();
        this.sends = Limit.of("sends", messages.sendBurst(), messages.sendRatePerSecond(), redis);
        this.edits = Limit.of("edits", messages.editBurst(), messages.editRatePerSecond(), redis);
        this.typing = new Limit("typing", TYPING_SIGNALS_PER_10_SECONDS, Duration.ofSeconds(10), redis);
        this.memberAdds = Limit.of("member-adds", properties.rooms().memberAdds(), redis);
        this.searches = Limit.of("searches", properties.search().searchesPerUser(), redis);
        this.uploads = Limit.of("uploads", properties.files().uploadsPerUser(), redis);
        this.mentions = Limit.of("mentions", properties.social().mentionsPerUser(), redis);
        this.friendRequests = Limit.of("friend-requests", properties.social().friendRequestsPerUser(), redis);
        MoimProperties.Auth auth = properties.auth();
        this.signupsPerIp = Limit.of("signups-ip", auth.signupsPerIp(), redis);
        this.loginFailuresPerIp = Limit.of("login-ip", auth.loginFailuresPerIp(), redis);
        this.loginFailuresPerAccountAndIp = Limit.of("login-account-ip", auth.loginFailuresPerAccountAndIp(), redis);
        this.loginFailuresPerAccount = Limit.of("login-account", auth.loginFailuresPerAccount(), redis);
        MoimProperties.Accounts accounts = properties.accounts();
        this.codeSendsPerEmail = Limit.of("code-sends-email", accounts.codeSendsPerEmail(), redis);
        this.codeSendsPerIp = Limit.of("code-sends-ip", accounts.codeSendsPerIp(), redis);
        this.codeChecksPerIp = Limit.of("code-checks-ip", accounts.codeChecksPerIp(), redis);
        this.passwordChecksPerUser = Limit.of("password-checks", accounts.passwordChecksPerUser(), redis);
        this.reactions = Limit.of("reactions", properties.reactions().perUser(), redis);
        MoimProperties.Groups groups = properties.groups();
        this.roomPasswords = Limit.of("room-passwords", groups.passwordAttempts(), redis);
        this.applications = Limit.of("applications", groups.applicationsPerUser(), redis);
        this.paymentPins = Limit.of("payment-pins", properties.ledger().pinAttempts(), redis);
    }

    public void checkSend(long userId) {
        if (!consume(sends.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are sending messages too fast; slow down");
        }
    }

    /** Edits and deletions share one allowance: each is broadcast to the whole room. */
    public void checkEdit(long userId) {
        if (!consume(edits.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are editing or deleting messages too fast; slow down");
        }
    }

    /** Adding or removing a reaction: each is an event to the whole room, and a tap is easily repeated. */
    public void checkReaction(long userId) {
        if (!consume(reactions.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are reacting too fast; slow down");
        }
    }

    public void checkTyping(long userId) {
        if (!consume(typing.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many typing signals; send one every few seconds");
        }
    }

    /**
     * Creating rooms and inviting people, counted by the members added: each is told at once (room_added), so a
     * user who adds thousands of people a minute floods them all. Refused whole, before anything is written.
     */
    public void checkMemberAdds(long userId, int members) {
        if (!consume(memberAdds.bucket(userId), members)) {
            throw new MoimException(ErrorCode.RATE_LIMITED,
                    "You have added too many people to rooms lately; try again later");
        }
    }

    /** Each search reads the index and the database; a client typing ahead is expected to wait for a pause. */
    public void checkSearch(long userId) {
        if (!consume(searches.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are searching too fast; slow down");
        }
    }

    /** Each upload is stored and, for a photo, decoded: the costliest thing a member can ask for. */
    public void checkUpload(long userId) {
        if (!consume(uploads.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are uploading too many files; try again later");
        }
    }

    /** Each person mentioned is notified (and maybe pushed to a phone): counted per person, not per message. */
    public void checkMentions(long userId, int people) {
        if (!consume(mentions.bucket(userId), people)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You are mentioning people too often; try again later");
        }
    }

    public void checkFriendRequest(long userId) {
        if (!consume(friendRequests.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You have sent too many friend requests; try again later");
        }
    }

    public void checkSignup(String clientAddress) {
        if (!consume(signupsPerIp.bucket(clientAddress), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many sign-ups from your network; try again later");
        }
    }

    /**
     * A mailed code (a resend, a password reset), counted by the address that asks and by the e-mail it goes to.
     * Known and unknown e-mails are counted alike, so the answer tells nobody whether an account exists.
     */
    public void checkCodeSend(String clientAddress, String email) {
        Bucket perIp = codeSendsPerIp.bucket(clientAddress);
        if (!consume(perIp, 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many codes asked for from your network; try again later");
        }
        if (!consume(codeSendsPerEmail.bucket(email), 1)) {
            giveBack(perIp);
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many codes were sent to this address; try again later");
        }
    }

    /** A code typed in (verification, password reset), right or wrong: guessing is counted per address too. */
    public void checkCodeCheck(String clientAddress) {
        if (!consume(codeChecksPerIp.bucket(clientAddress), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many codes tried from your network; try again later");
        }
    }

    /**
     * A password given to confirm a change or a withdrawal, booked as wrong in advance (so parallel guesses cannot
     * slip past); {@link #passwordCheckPassed} gives it back. A stolen access token must not become a way to guess
     * the password at leisure.
     */
    public void checkPasswordCheck(long userId) {
        if (!consume(passwordChecksPerUser.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many wrong passwords; try again later");
        }
    }

    public void passwordCheckPassed(long userId) {
        giveBack(passwordChecksPerUser.bucket(userId));
    }

    /**
     * A room's password, tried by one user on one room: booked as wrong in advance (parallel guesses cannot slip past),
     * given back by {@link #roomPasswordPassed}. Counted per user and room, so guessing one room's password is slow
     * and nobody can lock a room's password for others.
     */
    public void checkRoomPassword(long userId, long roomId) {
        if (!consume(roomPasswords.bucket(userId + ":" + roomId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many wrong passwords for this room; try again later");
        }
    }

    public void roomPasswordPassed(long userId, long roomId) {
        giveBack(roomPasswords.bucket(userId + ":" + roomId));
    }

    /** Each application notifies the room's owner and managers. */
    public void checkApplication(long userId) {
        if (!consume(applications.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "You have applied to too many rooms lately; try again later");
        }
    }

    /**
     * A payment PIN given to confirm moving money, booked as wrong in advance (parallel guesses cannot slip past);
     * {@link #paymentPinPassed} gives it back. Six digits are a million guesses: only a few may be tried.
     */
    public void checkPaymentPin(long userId) {
        if (!consume(paymentPins.bucket(userId), 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many wrong payment PINs; try again later");
        }
    }

    public void paymentPinPassed(long userId) {
        giveBack(paymentPins.bucket(userId));
    }

    /**
     * Books one log-in attempt as a failure in advance, so that many parallel guesses cannot all slip past the
     * limits before the first one is found wrong; {@link LoginAttempt#succeeded()} gives it back.
     * Refused outright only when this address has failed too often, in general or on this account.
     */
    public LoginAttempt startLogin(String clientAddress, String email) {
        Bucket perIp = loginFailuresPerIp.bucket(clientAddress);
        Bucket perAccountAndIp = loginFailuresPerAccountAndIp.bucket(clientAddress + "|" + email);
        if (!consume(perIp, 1)) {
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many failed log-ins from your network; try again later");
        }
        if (!consume(perAccountAndIp, 1)) {
            giveBack(perIp);
            throw new MoimException(ErrorCode.RATE_LIMITED, "Too many failed log-ins to this account; try again later");
        }
        Bucket perAccount = loginFailuresPerAccount.bucket(email);
        boolean underAttack = !consume(perAccount, 1);
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
            giveBack(perIp);
            giveBack(perAccountAndIp);
            if (perAccount != null) {
                giveBack(perAccount);
            }
        }
    }

    /** Takes tokens; a bucket in Redis that cannot be reached refuses with SERVER_BUSY (never lets the request through). */
    private static boolean consume(Bucket bucket, long tokens) {
        try {
            return bucket.tryConsume(tokens);
        } catch (RuntimeException unreachable) {
            log.warn("A rate limit could not be checked: {}", unreachable.toString());
            throw new MoimException(ErrorCode.SERVER_BUSY, "The server cannot check its limits right now; try again shortly");
        }
    }

    /** Gives a booked token back; if Redis cannot be reached the token is lost, which errs on the strict side. */
    private static void giveBack(Bucket bucket) {
        try {
            bucket.addTokens(1);
        } catch (RuntimeException unreachable) {
            log.warn("A rate-limit token could not be given back: {}", unreachable.toString());
        }
    }

    /**
     * One kind of limit: a bucket per key, in memory (forgotten once it would have refilled anyway) or, with
     * {@code shared}, in Redis under {@code moim:rate:{name}:{key}} (each node keeps only its proxies).
     */
    private record Limit(String name, BucketConfiguration configuration, Cache<Object, Bucket> buckets,
                         ProxyManager<byte[]> shared) {

        Limit(String name, int capacity, Duration refillPeriod, ProxyManager<byte[]> shared) {
            this(name, BucketConfiguration.builder()
                            .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, refillPeriod).build()).build(),
                    Caffeine.newBuilder().expireAfterAccess(refillPeriod).maximumSize(MAX_KEYS).build(), shared);
        }

        static Limit of(String name, int burst, double perSecond, ProxyManager<byte[]> shared) {
            return new Limit(name, burst, Duration.ofNanos((long) (burst / perSecond * 1_000_000_000L)), shared);
        }

        static Limit of(String name, MoimProperties.Rate rate, ProxyManager<byte[]> shared) {
            return new Limit(name, rate.count(), rate.per(), shared);
        }

        Bucket bucket(Object key) {
            return buckets.get(key, k -> shared == null ? Bucket.builder().addLimit(configuration.getBandwidths()[0]).build()
                    : shared.builder().build(redisKey(k), configuration));
        }

        void forget(Object key) {
            buckets.invalidate(key);
            if (shared != null) {
                try {
                    shared.removeProxy(redisKey(key));
                } catch (RuntimeException unreachable) {
                    log.warn("A rate-limit bucket could not be reset: {}", unreachable.toString());
                }
            }
        }

        private byte[] redisKey(Object key) {
            return ("moim:rate:" + name + ":" + key).getBytes(StandardCharsets.UTF_8);
        }
    }
}

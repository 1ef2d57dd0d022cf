package dev.moim.account;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.moim.auth.CodeHashing;
import dev.moim.common.Times;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The six-digit codes Moim mails: one live code per account and purpose, kept as an HMAC, good until it expires or
 * has been guessed wrong too often. Each method is one transaction, or joins the caller's.
 */
@Repository
class AccountCodes {

    enum Purpose { VERIFY_EMAIL, RESET_PASSWORD }

    enum Result { MATCHED, WRONG, EXPIRED, USED_UP, NONE }

    /** What checking a code found; {@code attemptsLeft} counts the wrong guesses the code still survives. */
    record Outcome(Result result, int attemptsLeft) {
    }

    private final JdbcClient jdbc;
    private final CodeHashing hashing;
    private final TransactionTemplate tx;
    private final SecureRandom random = new SecureRandom();

    AccountCodes(JdbcClient jdbc, CodeHashing hashing, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.hashing = hashing;
        this.tx = tx;
    }

    /**
     * A new code that replaces the live one, or empty when the last was mailed less than {@code cooldown} ago.
     * Returns the code as typed, to be mailed; only its HMAC is stored.
     */
    Optional<String> issue(long userId, Purpose purpose, Duration ttl, Duration cooldown) {
        try {
            return tx.execute(status -> {
                Instant now = Times.now();
                Optional<Instant> lastSent = lastSent(userId, purpose, true);
                if (lastSent.isPresent() && lastSent.get().plus(cooldown).isAfter(now)) {
                    return Optional.empty();
                }
                String code = "%06d".formatted(random.nextInt(1_000_000));
                String hash = hashing.hash(userId, purpose.name(), code);
                if (lastSent.isPresent()) {
                    jdbc.sql("UPDATE account_codes SET code_hash = ?, expires_at = ?, attempts = 0, sent_at = ? "
                                    + "WHERE user_id = ? AND purpose = ?")
                            .params(hash, Times.sql(now.plus(ttl)), Times.sql(now), userId, purpose.name()).update();
                } else {
                    jdbc.sql("INSERT INTO account_codes (user_id, purpose, code_hash, expires_at, attempts, sent_at) "
                                    + "VALUES (?, ?, ?, ?, 0, ?)")
                            .params(userId, purpose.name(), hash, Times.sql(now.plus(ttl)), Times.sql(now)).update();
                }
                return Optional.of(code);
            });
        } catch (DuplicateKeyException raced) {
            // Two first codes at once: the other one was mailed a moment ago.
            return Optional.empty();
        }
    }

    /** How long until a new code may be mailed (zero: now). */
    Duration untilResend(long userId, Purpose purpose, Duration cooldown) {
        Instant now = Times.now();
        return lastSent(userId, purpose, false)
                .map(sent -> sent.plus(cooldown))
                .filter(allowed -> allowed.isAfter(now))
                .map(allowed -> Duration.between(now, allowed))
                .orElse(Duration.ZERO);
    }

    /**
     * Checks a typed code under the row's lock, so parallel guesses each count. A wrong guess is counted (and
     * committed); the right one is spent, and {@code onMatch} runs in the same transaction, so that what the code
     * allows and the code's end commit together.
     */
    Outcome check(long userId, Purpose purpose, String code, int maxAttempts, Runnable onMatch) {
        return tx.execute(status -> {
            Optional<Live> live = jdbc.sql("SELECT code_hash, expires_at, attempts FROM account_codes "
                            + "WHERE user_id = ? AND purpose = ? FOR UPDATE")
                    .params(userId, purpose.name())
                    .query((rs, row) -> new Live(rs.getString("code_hash"), Times.read(rs, "expires_at"), rs.getInt("attempts")))
                    .optional();
            if (live.isEmpty()) {
                return new Outcome(Result.NONE, 0);
            }
            Live stored = live.get();
            if (!stored.expiresAt().isAfter(Instant.now())) {
                return new Outcome(Result.EXPIRED, 0);
            }
            if (stored.attempts() >= maxAttempts) {
                return new Outcome(Result.USED_UP, 0);
            }
            if (!hashing.matches(stored.hash(), userId, purpose.name(), code)) {
                jdbc.sql("UPDATE account_codes SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ?")
                        .params(userId, purpose.name()).update();
                return new Outcome(Result.WRONG, Math.max(0, maxAttempts - stored.attempts() - 1));
            }
            jdbc.sql("DELETE FROM account_codes WHERE user_id = ? AND purpose = ?").params(userId, purpose.name()).update();
            onMatch.run();
            return new Outcome(Result.MATCHED, 0);
        });
    }

    /** Every code of the account, live or not (a withdrawal). */
    void deleteAll(long userId) {
        jdbc.sql("DELETE FROM account_codes WHERE user_id = ?").param(userId).update();
    }

    private Optional<Instant> lastSent(long userId, Purpose purpose, boolean lock) {
        return jdbc.sql("SELECT sent_at FROM account_codes WHERE user_id = ? AND purpose = ?" + (lock ? " FOR UPDATE" : ""))
                .params(userId, purpose.name())
                .query((rs, row) -> Times.read(rs, "sent_at"))
                .optional();
    }

    private record Live(String hash, Instant expiresAt, int attempts) {
    }
}

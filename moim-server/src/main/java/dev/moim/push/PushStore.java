package dev.moim.push;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The SQL of Web Push (see V7__push.sql): subscriptions by user and by endpoint, and the generated VAPID keys. */
@Repository
class PushStore implements PersonalData {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    /** A withdrawn person's browsers are pushed nothing more. */
    @Override
    public void erase(long userId) {
        jdbc.sql("DELETE FROM push_subscriptions WHERE user_id = ?").param(userId).update();
    }

    PushStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A browser's subscription as stored: keys in base64url. */
    record Subscription(long id, long userId, String endpoint, String p256dh, String auth, Instant createdAt) {
    }

    /** What became of a subscribe: a new row, or the endpoint's row given new keys (and perhaps a new user). */
    record Saved(Subscription subscription, boolean created, List<Long> replaced) {
    }

    /**
     * Stores the subscription under {@code userId}, replacing any row of the same endpoint, then drops the user's
     * oldest subscriptions beyond {@code cap}, in one transaction that holds the user's row lock, so that
     * concurrent subscribes by one user leave exactly {@code cap} behind.
     */
    Saved save(long userId, String endpoint, String p256dh, String auth, int cap) {
        try {
            return tx.execute(status -> saveInTransaction(userId, endpoint, p256dh, auth, cap));
        } catch (DuplicateKeyException raced) {
            // Another request inserted the same endpoint a moment ago; now the row is there to be updated.
            return tx.execute(status -> saveInTransaction(userId, endpoint, p256dh, auth, cap));
        }
    }

    private Saved saveInTransaction(long userId, String endpoint, String p256dh, String auth, int cap) {
        jdbc.sql("SELECT id FROM users WHERE id = ? FOR UPDATE").param(userId).query(Long.class).single();
        Instant now = Times.now();
        boolean created = false;
        if (update(userId, endpoint, p256dh, auth, now) == 0) {
            jdbc.sql("INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(userId, endpoint, p256dh, auth, Times.sql(now)).update();
            created = true;
        }
        List<Long> overCap = jdbc.sql("SELECT id FROM push_subscriptions WHERE user_id = ? "
                        + "ORDER BY created_at DESC, id DESC OFFSET ? ROWS")
                .params(userId, cap).query(Long.class).list();
        if (!overCap.isEmpty()) {
            jdbc.sql("DELETE FROM push_subscriptions WHERE id IN (:ids)").param("ids", overCap).update();
        }
        return new Saved(byEndpoint(endpoint).orElseThrow(), created, overCap);
    }

    private int update(long userId, String endpoint, String p256dh, String auth, Instant now) {
        return jdbc.sql("UPDATE push_subscriptions SET user_id = ?, p256dh = ?, auth = ?, created_at = ? WHERE endpoint = ?")
                .params(userId, p256dh, auth, Times.sql(now), endpoint).update();
    }

    Optional<Subscription> byEndpoint(String endpoint) {
        return jdbc.sql("SELECT * FROM push_subscriptions WHERE endpoint = ?").param(endpoint)
                .query(PushStore::subscription).optional();
    }

    /** The user's subscriptions, newest first. */
    List<Subscription> ofUser(long userId) {
        return jdbc.sql("SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at DESC, id DESC")
                .param(userId).query(PushStore::subscription).list();
    }

    boolean hasAny(long userId) {
        return jdbc.sql("SELECT 1 FROM push_subscriptions WHERE user_id = ? FETCH FIRST 1 ROWS ONLY")
                .param(userId).query(Integer.class).optional().isPresent();
    }

    Set<Long> withAny(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT DISTINCT user_id FROM push_subscriptions WHERE user_id IN (:ids)")
                .param("ids", userIds).query(Long.class).list());
    }

    /** Deletes the endpoint only if it is this user's; true when it was. */
    boolean delete(long userId, String endpoint) {
        return jdbc.sql("DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?").params(userId, endpoint).update() > 0;
    }

    /**
     * Deletes one subscription the push service called gone, unless it was subscribed again since we read it (new
     * keys, or a new user): then the browser holds a live one under the same endpoint.
     */
    boolean deleteGone(Subscription subscription) {
        return jdbc.sql("DELETE FROM push_subscriptions WHERE id = ? AND p256dh = ? AND auth = ?")
                .params(subscription.id(), subscription.p256dh(), subscription.auth()).update() > 0;
    }

    private static Subscription subscription(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Subscription(rs.getLong("id"), rs.getLong("user_id"), rs.getString("endpoint"), rs.getString("p256dh"),
                rs.getString("auth"), Times.read(rs, "created_at"));
    }

    // ---- VAPID keys ----

    record StoredKeys(String publicKey, String privateKey) {
    }

    Optional<StoredKeys> vapidKeys() {
        return jdbc.sql("SELECT public_key, private_key FROM push_vapid_keys WHERE id = 1")
                .query((rs, row) -> new StoredKeys(rs.getString("public_key"), rs.getString("private_key"))).optional();
    }

    /** Stores the pair unless a node stored one first; either way returns the pair every node now uses. */
    StoredKeys saveVapidKeysIfAbsent(StoredKeys generated) {
        try {
            jdbc.sql("INSERT INTO push_vapid_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)")
                    .params(generated.publicKey(), generated.privateKey(), Times.sql(Times.now())).update();
            return generated;
        } catch (DuplicateKeyException otherNodeWasFirst) {
            return vapidKeys().orElseThrow();
        }
    }
}

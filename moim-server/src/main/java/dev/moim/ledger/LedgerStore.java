package dev.moim.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Accounts, postings and entries. Rows are only ever inserted, except an account's balance (kept with its entries,
 * under the account's row lock), a wallet's closing and a posting's reversed_by_id (set once).
 */
@Repository
class LedgerStore implements PersonalData {

    /** An account as stored, with whether it is closed (a withdrawn user's wallet). */
    record Held(Account account, boolean closed) {
    }

    private static final String ACCOUNT_COLUMNS = "id, kind, user_id, room_id, currency, balance, opened_at, closed_at";
    private static final String POSTING_COLUMNS = "id, kind, from_account_id, to_account_id, amount, currency, memo, "
            + "initiated_by, reverses_id, reversed_by_id, reference, created_at";

    private final JdbcClient jdbc;

    LedgerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- accounts ----

    Optional<Held> account(long id) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM ledger_accounts WHERE id = ?").param(id)
                .query(LedgerStore::held).optional();
    }

    Optional<Held> wallet(long userId) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM ledger_accounts WHERE user_id = ?").param(userId)
                .query(LedgerStore::held).optional();
    }

    Optional<Held> groupAccount(long roomId) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM ledger_accounts WHERE room_id = ?").param(roomId)
                .query(LedgerStore::held).optional();
    }

    Optional<Held> outside(String currency) {
        return jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM ledger_accounts WHERE outside_of = ?").param(currency)
                .query(LedgerStore::held).optional();
    }

    /** Throws DuplicateKeyException when the owner (user, room or currency) has its account already. */
    void insertAccount(AccountKind kind, Long userId, Long roomId, String currency, Instant now) {
        jdbc.sql("INSERT INTO ledger_accounts (kind, user_id, room_id, outside_of, currency, balance, opened_at) "
                        + "VALUES (?, ?, ?, ?, ?, 0, ?)")
                .params(kind.name(), userId, roomId, kind == AccountKind.OUTSIDE ? currency : null, currency, Times.sql(now))
                .update();
    }

    /**
     * Locks the accounts' rows, lower id first, until the transaction ends: every movement touching either account
     * waits for this one, and two movements between the same accounts in opposite directions lock in the same order,
     * so they never deadlock. Returns them in the order asked (an id without an account is left out).
     */
    List<Held> lock(long a, long b) {
        List<Held> locked = jdbc.sql("SELECT " + ACCOUNT_COLUMNS + " FROM ledger_accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE")
                .params(Math.min(a, b), Math.max(a, b)).query(LedgerStore::held).list();
        return locked.size() == 2 && locked.get(0).account().id() != a ? List.of(locked.get(1), locked.get(0)) : locked;
    }

    void setBalance(long accountId, long balance) {
        jdbc.sql("UPDATE ledger_accounts SET balance = ? WHERE id = ?").params(balance, accountId).update();
    }

    /** A withdrawn user's wallet closes (its rows stay: books are never erased); their PIN and roles go. */
    @Override
    public void erase(long userId) {
        jdbc.sql("UPDATE ledger_accounts SET closed_at = ? WHERE user_id = ? AND closed_at IS NULL")
                .params(Times.sql(Times.now()), userId).update();
        jdbc.sql("DELETE FROM payment_pins WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM ledger_treasurers WHERE user_id = ?").param(userId).update();
    }

    private static Held held(ResultSet rs, int row) throws SQLException {
        long userId = rs.getLong("user_id");
        Long user = rs.wasNull() ? null : userId;
        long roomId = rs.getLong("room_id");
        Long room = rs.wasNull() ? null : roomId;
        return new Held(new Account(rs.getLong("id"), AccountKind.valueOf(rs.getString("kind")), user, room,
                rs.getString("currency"), rs.getLong("balance"), Times.read(rs, "opened_at")),
                rs.getObject("closed_at") != null);
    }

    // ---- postings and entries ----

    Optional<Posting> posting(long id) {
        return jdbc.sql("SELECT " + POSTING_COLUMNS + " FROM ledger_postings WHERE id = ?").param(id)
                .query(LedgerStore::posting).optional();
    }

    Optional<Posting> postingByKey(long initiatedBy, String idempotencyKey) {
        return jdbc.sql("SELECT " + POSTING_COLUMNS + " FROM ledger_postings WHERE initiated_by = ? AND idempotency_key = ?")
                .params(initiatedBy, idempotencyKey).query(LedgerStore::posting).optional();
    }

    /** Throws DuplicateKeyException when the (initiatedBy, key) pair posted already, or the posting was reversed already. */
    long insertPosting(PostingKind kind, long from, long to, long amount, String currency, String memo, long initiatedBy,
                       String idempotencyKey, Long reversesId, String reference, Instant at) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO ledger_postings (kind, from_account_id, to_account_id, amount, currency, memo, initiated_by, "
                        + "idempotency_key, reverses_id, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(kind.name(), from, to, amount, currency, memo, initiatedBy, idempotencyKey, reversesId, reference,
                        Times.sql(at))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    void insertEntry(long postingId, long accountId, long amount, long balanceAfter, Instant at) {
        jdbc.sql("INSERT INTO ledger_entries (posting_id, account_id, amount, balance_after, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(postingId, accountId, amount, balanceAfter, Times.sql(at)).update();
    }

    /** Sets the only column of a posting that changes after it was written, once. */
    boolean markReversed(long postingId, long reversalId) {
        return jdbc.sql("UPDATE ledger_postings SET reversed_by_id = ? WHERE id = ? AND reversed_by_id IS NULL")
                .params(reversalId, postingId).update() == 1;
    }

    /** Deposits into the account since {@code since}, less those reversed: what the per-day limit counts. */
    long depositedSince(long accountId, Instant since) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_postings WHERE to_account_id = ? AND kind = 'DEPOSIT' "
                        + "AND reversed_by_id IS NULL AND created_at > ?")
                .params(accountId, Times.sql(since)).query(BigDecimal.class).single().longValueExact();
    }

    /** Newest first: entries with {@code id < beforeId}, at or after {@code from}, before {@code to}. */
    List<Entry> entries(long accountId, Instant from, Instant to, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.posting_id, e.account_id, e.amount, e.balance_after, e.created_at,
                       p.kind, p.memo, p.from_account_id, p.to_account_id, p.initiated_by, p.reverses_id, p.reference
                FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id
                WHERE e.account_id = :account""");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("account", accountId);
        params.put("limit", limit);
        if (beforeId != null) {
            sql.append(" AND e.id < :before");
            params.put("before", beforeId);
        }
        if (from != null) {
            sql.append(" AND e.created_at >= :from");
            params.put("from", Times.sql(from));
        }
        if (to != null) {
            sql.append(" AND e.created_at < :to");
            params.put("to", Times.sql(to));
        }
        sql.append(" ORDER BY e.id DESC LIMIT :limit");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, row) -> {
                    long account = rs.getLong("account_id");
                    long fromAccount = rs.getLong("from_account_id");
                    long toAccount = rs.getLong("to_account_id");
                    long reverses = rs.getLong("reverses_id");
                    Long reversesId = rs.wasNull() ? null : reverses;
                    return new Entry(rs.getLong("id"), rs.getLong("posting_id"), account, rs.getLong("amount"),
                            rs.getLong("balance_after"), PostingKind.valueOf(rs.getString("kind")), rs.getString("memo"),
                            account == fromAccount ? toAccount : fromAccount, rs.getLong("initiated_by"), reversesId,
                            rs.getString("reference"), Times.read(rs, "created_at"));
                }).list();
    }

    private static Posting posting(ResultSet rs, int row) throws SQLException {
        long reverses = rs.getLong("reverses_id");
        Long reversesId = rs.wasNull() ? null : reverses;
        long reversedBy = rs.getLong("reversed_by_id");
        Long reversedById = rs.wasNull() ? null : reversedBy;
        return new Posting(rs.getLong("id"), PostingKind.valueOf(rs.getString("kind")), rs.getLong("from_account_id"),
                rs.getLong("to_account_id"), rs.getLong("amount"), rs.getString("currency"), rs.getString("memo"),
                rs.getLong("initiated_by"), reversesId, reversedById, rs.getString("reference"),
                Times.read(rs, "created_at"), false);
    }

    // ---- reconciliation ----

    long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    long sumOfAllEntries() {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries").query(BigDecimal.class).single()
                .longValueExact();
    }

    List<Long> accountsWhoseBalanceDiffersFromEntries() {
        return jdbc.sql("""
                        SELECT a.id FROM ledger_accounts a
                        LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entries GROUP BY account_id) e
                               ON e.account_id = a.id
                        WHERE a.balance <> COALESCE(e.total, 0)
                        ORDER BY a.id""")
                .query(Long.class).list();
    }

    /** Postings that do not have exactly two entries cancelling out (a debit and a credit of the same amount). */
    long unbalancedPostings() {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM ledger_postings p
                        WHERE (SELECT COUNT(*) FROM ledger_entries e WHERE e.posting_id = p.id) <> 2
                           OR (SELECT SUM(e.amount) FROM ledger_entries e WHERE e.posting_id = p.id) <> 0
                           OR NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.posting_id = p.id
                                          AND e.account_id = p.to_account_id AND e.amount = p.amount)""")
                .query(Long.class).single();
    }

    // ---- treasurers and PINs ----

    /** The room's treasurers, earliest appointed first, each with when they were appointed. */
    Map<Long, Instant> treasurers(long roomId) {
        Map<Long, Instant> treasurers = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, appointed_at FROM ledger_treasurers WHERE room_id = ? ORDER BY appointed_at, user_id")
                .param(roomId)
                .query(rs -> {
                    treasurers.put(rs.getLong("user_id"), Times.read(rs, "appointed_at"));
                });
        return treasurers;
    }

    /** When the user was appointed treasurer of the room's account, if they were. */
    Optional<Instant> appointedAt(long roomId, long userId) {
        return jdbc.sql("SELECT appointed_at FROM ledger_treasurers WHERE room_id = ? AND user_id = ?").params(roomId, userId)
                .query((rs, n) -> Times.read(rs, "appointed_at")).optional();
    }

    /** Appoints them as of {@code now}, replacing an appointment from an earlier membership of theirs. */
    void appoint(long roomId, long userId, long by, Instant now) {
        dismiss(roomId, userId);
        try {
            jdbc.sql("INSERT INTO ledger_treasurers (room_id, user_id, appointed_by, appointed_at) VALUES (?, ?, ?, ?)")
                    .params(roomId, userId, by, Times.sql(now)).update();
        } catch (org.springframework.dao.DuplicateKeyException appointedMeanwhile) {
            // The owner's other request appointed them at the same moment: appointed is appointed.
        }
    }

    boolean dismiss(long roomId, long userId) {
        return jdbc.sql("DELETE FROM ledger_treasurers WHERE room_id = ? AND user_id = ?").params(roomId, userId).update() > 0;
    }

    Optional<String> pinHash(long userId) {
        return jdbc.sql("SELECT pin_hash FROM payment_pins WHERE user_id = ?").param(userId).query(String.class).optional();
    }

    void setPin(long userId, String hash, Instant now) {
        if (jdbc.sql("UPDATE payment_pins SET pin_hash = ?, updated_at = ? WHERE user_id = ?")
                .params(hash, Times.sql(now), userId).update() == 0) {
            jdbc.sql("INSERT INTO payment_pins (user_id, pin_hash, updated_at) VALUES (?, ?, ?)")
                    .params(userId, hash, Times.sql(now)).update();
        }
    }

    boolean deletePin(long userId) {
        return jdbc.sql("DELETE FROM payment_pins WHERE user_id = ?").param(userId).update() > 0;
    }
}

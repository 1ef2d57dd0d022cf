package dev.moim.dues;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Plans, charges, autopay, reminders and expenses. What must happen once (a charge, a reminder, an expense per
 * idempotency key, one active plan per room) is guarded by a key the database enforces, never by looking first.
 */
@Repository
class DuesStore implements PersonalData {

    private static final String PLAN = "SELECT id, room_id, amount, currency, period, day_of_month, day_of_week, start_date, "
            + "zone, active_room_id, charged_through, created_by, created_at, ended_at FROM dues_plans";
    private static final String CHARGE = "SELECT plan_id, user_id, period_start, room_id, due_date, amount, paid_posting_id, "
            + "paid_at, paid_key, waived FROM dues_charges";
    private static final String EXPENSE = "SELECT id, room_id, account_id, amount, currency, purpose, spent_by, recorded_by, "
            + "receipt_id, posting_id, message_seq, idempotency_key, created_at FROM dues_expenses";

    private final JdbcClient jdbc;

    DuesStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The books stay (charges, expenses); only the member's standing order goes. */
    @Override
    public void erase(long userId) {
        jdbc.sql("DELETE FROM dues_autopay WHERE user_id = ?").param(userId).update();
    }

    // ---- plans ----

    Optional<Plan> activePlan(long roomId) {
        return jdbc.sql(PLAN + " WHERE active_room_id = ?").param(roomId).query(DuesStore::plan).optional();
    }

    Optional<Plan> plan(long planId) {
        return jdbc.sql(PLAN + " WHERE id = ?").param(planId).query(DuesStore::plan).optional();
    }

    List<Plan> activePlans() {
        return jdbc.sql(PLAN + " WHERE active_room_id IS NOT NULL ORDER BY id").query(DuesStore::plan).list();
    }

    /** Fails on the unique key if the room has an active plan (ended in this transaction first when replacing one). */
    Plan insertPlan(long roomId, long amount, String currency, Plan.Period period, Integer dayOfMonth, Integer dayOfWeek,
                    LocalDate startDate, ZoneId zone, long createdBy, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO dues_plans (room_id, amount, currency, period, day_of_month, day_of_week, start_date, zone, "
                        + "active_room_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(roomId, amount, currency, period.name(), dayOfMonth, dayOfWeek, startDate, zone.getId(), roomId,
                        createdBy, Times.sql(now))
                .update(keys, "id");
        return new Plan(keys.getKey().longValue(), roomId, amount, currency, period, dayOfMonth, dayOfWeek, startDate, zone,
                true, null, createdBy, now, null);
    }

    boolean endPlan(long planId, Instant now) {
        return jdbc.sql("UPDATE dues_plans SET active_room_id = NULL, ended_at = ? WHERE id = ? AND active_room_id IS NOT NULL")
                .params(Times.sql(now), planId).update() > 0;
    }

    /** Moves the watermark on, never back (two nodes may both get there). */
    void chargedThrough(long planId, LocalDate periodStart) {
        jdbc.sql("UPDATE dues_plans SET charged_through = ? WHERE id = ? AND (charged_through IS NULL OR charged_through < ?)")
                .params(periodStart, planId, periodStart).update();
    }

    /** The latest period any plan of the room has charged, if any: a new plan starts after it. */
    Optional<LocalDate> lastChargedPeriod(long roomId) {
        return jdbc.sql("SELECT period_start FROM dues_charges WHERE room_id = ? ORDER BY period_start DESC LIMIT 1")
                .param(roomId).query((rs, n) -> rs.getObject(1, LocalDate.class)).optional();
    }

    // ---- charges ----

    /**
     * Charges the period to every member who had joined by {@code joinedBefore} and has no charge for it yet. Two
     * nodes doing it at once may collide on the key: the caller retries, and then finds the other's rows.
     */
    int insertCharges(Plan plan, LocalDate periodStart, LocalDate dueDate, Instant joinedBefore, Instant now) {
        return jdbc.sql("INSERT INTO dues_charges (plan_id, user_id, period_start, room_id, due_date, amount, created_at) "
                        + "SELECT ?, m.user_id, ?, ?, ?, ?, ? FROM room_members m WHERE m.room_id = ? AND m.joined_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM dues_charges c WHERE c.plan_id = ? AND c.user_id = m.user_id "
                        + "AND c.period_start = ?)")
                .params(plan.id(), periodStart, plan.roomId(), dueDate, plan.amount(), Times.sql(now), plan.roomId(),
                        Times.sql(joinedBefore), plan.id(), periodStart)
                .update();
    }

    /** Locks the charge's row until the commit: who pays it, pays it alone. */
    Optional<Charge> lockCharge(long planId, long userId, LocalDate periodStart) {
        return jdbc.sql(CHARGE + " WHERE plan_id = ? AND user_id = ? AND period_start = ? FOR UPDATE")
                .params(planId, userId, periodStart).query(DuesStore::charge).optional();
    }

    /** The member's charges in the room for that period (one, as plans of a room never share a period). */
    Optional<Charge> charge(long roomId, long userId, LocalDate periodStart) {
        return jdbc.sql(CHARGE + " WHERE room_id = ? AND user_id = ? AND period_start = ? ORDER BY plan_id DESC")
                .params(roomId, userId, periodStart).query(DuesStore::charge).list().stream().findFirst();
    }

    /** Oldest first. */
    List<Charge> unpaid(long roomId, long userId) {
        return jdbc.sql(CHARGE + " WHERE room_id = ? AND user_id = ? AND paid_posting_id IS NULL AND waived = FALSE "
                        + "ORDER BY period_start, plan_id")
                .params(roomId, userId).query(DuesStore::charge).list();
    }

    /** Oldest first: the member's statement. */
    List<Charge> charges(long roomId, long userId) {
        return jdbc.sql(CHARGE + " WHERE room_id = ? AND user_id = ? ORDER BY period_start, plan_id")
                .params(roomId, userId).query(DuesStore::charge).list();
    }

    /** Everyone's charges of the room for one period, members who left included. */
    List<Charge> period(long roomId, LocalDate periodStart) {
        return jdbc.sql(CHARGE + " WHERE room_id = ? AND period_start = ? ORDER BY user_id")
                .params(roomId, periodStart).query(DuesStore::charge).list();
    }

    boolean hasCharges(long roomId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM dues_charges WHERE room_id = ? AND user_id = ?").params(roomId, userId)
                .query(Long.class).single() > 0;
    }

    /** Only the first payment marks it: 0 rows means someone paid it first. */
    boolean markPaid(Charge charge, long postingId, String key, Instant now) {
        return jdbc.sql("UPDATE dues_charges SET paid_posting_id = ?, paid_at = ?, paid_key = ? "
                        + "WHERE plan_id = ? AND user_id = ? AND period_start = ? AND paid_posting_id IS NULL")
                .params(postingId, Times.sql(now), key, charge.planId(), charge.userId(), charge.periodStart()).update() == 1;
    }

    /**
     * The charge that {@code postingId} paid, now refunded: it is waived (owed no more, and never paid again by
     * autopay or by hand). Empty when that posting paid no charge.
     */
    Optional<Charge> waiveRefunded(long postingId) {
        Optional<Charge> charge = jdbc.sql(CHARGE + " WHERE paid_posting_id = ?").param(postingId).query(DuesStore::charge)
                .optional();
        charge.ifPresent(c -> jdbc.sql("UPDATE dues_charges SET waived = TRUE, paid_posting_id = NULL, paid_at = NULL "
                + "WHERE plan_id = ? AND user_id = ? AND period_start = ?").params(c.planId(), c.userId(), c.periodStart()).update());
        return charge;
    }

    /**
     * The plan's unpaid charges due by {@code today} of members with autopay on who are still members, oldest
     * first.
     */
    List<Charge> dueForAutopay(long planId, LocalDate today) {
        return jdbc.sql("SELECT c.plan_id, c.user_id, c.period_start, c.room_id, c.due_date, c.amount, c.paid_posting_id, "
                        + "c.paid_at, c.paid_key, c.waived FROM dues_charges c"
                        + " JOIN dues_autopay a ON a.room_id = c.room_id AND a.user_id = c.user_id "
                        + "JOIN room_members m ON m.room_id = c.room_id AND m.user_id = c.user_id "
                        + "WHERE c.plan_id = ? AND c.paid_posting_id IS NULL AND c.waived = FALSE AND c.due_date <= ? "
                        + "ORDER BY c.period_start, c.user_id")
                .params(planId, today).query(DuesStore::charge).list();
    }

    /** True the first time only: an autopay that could not pay a charge says so once. */
    boolean markAutopayFailed(Charge charge, Instant now) {
        return jdbc.sql("UPDATE dues_charges SET autopay_failed_at = ? "
                        + "WHERE plan_id = ? AND user_id = ? AND period_start = ? AND autopay_failed_at IS NULL")
                .params(Times.sql(now), charge.planId(), charge.userId(), charge.periodStart()).update() == 1;
    }

    // ---- autopay ----

    /** False when it was on already. Fails on the key when another request turned it on at the same moment. */
    boolean autopayOn(long roomId, long userId, Instant now) {
        if (autopay(roomId, userId)) {
            return false;
        }
        jdbc.sql("INSERT INTO dues_autopay (room_id, user_id, since) VALUES (?, ?, ?)")
                .params(roomId, userId, Times.sql(now)).update();
        return true;
    }

    boolean autopayOff(long roomId, long userId) {
        return jdbc.sql("DELETE FROM dues_autopay WHERE room_id = ? AND user_id = ?").params(roomId, userId).update() > 0;
    }

    boolean autopay(long roomId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM dues_autopay WHERE room_id = ? AND user_id = ?").params(roomId, userId)
                .query(Long.class).single() > 0;
    }

    List<Long> autopayMembers(long roomId) {
        return jdbc.sql("SELECT user_id FROM dues_autopay WHERE room_id = ?").param(roomId).query(Long.class).list();
    }

    // ---- reminders ----

    boolean reminded(long planId, LocalDate periodStart) {
        return jdbc.sql("SELECT COUNT(*) FROM dues_reminders WHERE plan_id = ? AND period_start = ?")
                .params(planId, periodStart).query(Long.class).single() > 0;
    }

    /** Fails on the key when the period was reminded already (by another node, or a pass a moment ago). */
    void insertReminder(long planId, LocalDate periodStart, Long seq, Instant now) {
        jdbc.sql("INSERT INTO dues_reminders (plan_id, period_start, message_seq, created_at) VALUES (?, ?, ?, ?)")
                .params(planId, periodStart, seq, Times.sql(now)).update();
    }

    // ---- expenses ----

    Optional<Expense> expenseByKey(long recordedBy, String key) {
        return jdbc.sql(EXPENSE + " WHERE recorded_by = ? AND idempotency_key = ?").params(recordedBy, key)
                .query(DuesStore::expense).optional();
    }

    long insertExpense(long roomId, long accountId, long amount, String currency, String purpose, long spentBy,
                       long recordedBy, UUID receiptId, String key, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO dues_expenses (room_id, account_id, amount, currency, purpose, spent_by, recorded_by, "
                        + "receipt_id, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(roomId, accountId, amount, currency, purpose, spentBy, recordedBy, receiptId, key, Times.sql(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void expensePosted(long expenseId, long postingId, long seq) {
        jdbc.sql("UPDATE dues_expenses SET posting_id = ?, message_seq = ? WHERE id = ?").params(postingId, seq, expenseId)
                .update();
    }

    Optional<Expense> expense(long expenseId) {
        return jdbc.sql(EXPENSE + " WHERE id = ?").param(expenseId).query(DuesStore::expense).optional();
    }

    /** Newest first, before {@code beforeId} when given. */
    List<Expense> expenses(long roomId, Long beforeId, int limit) {
        return jdbc.sql(EXPENSE + " WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .params(roomId, beforeId == null ? Long.MAX_VALUE : beforeId, limit).query(DuesStore::expense).list();
    }

    // ---- rows ----

    record Charge(long planId, long userId, LocalDate periodStart, long roomId, LocalDate dueDate, long amount,
                  Long paidPostingId, Instant paidAt, String paidKey, boolean waived) {
        boolean paid() {
            return paidPostingId != null;
        }
    }

    record Expense(long id, long roomId, long accountId, long amount, String currency, String purpose, long spentBy,
                   long recordedBy, UUID receiptId, Long postingId, Long messageSeq, String idempotencyKey,
                   Instant createdAt) {
    }

    private static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getLong("id"), rs.getLong("room_id"), rs.getLong("amount"), rs.getString("currency"),
                Plan.Period.valueOf(rs.getString("period")), rs.getObject("day_of_month", Integer.class),
                rs.getObject("day_of_week", Integer.class), rs.getObject("start_date", LocalDate.class),
                ZoneId.of(rs.getString("zone")), rs.getObject("active_room_id") != null,
                rs.getObject("charged_through", LocalDate.class), rs.getLong("created_by"), Times.read(rs, "created_at"),
                Times.read(rs, "ended_at"));
    }

    private static Charge charge(ResultSet rs, int row) throws SQLException {
        return new Charge(rs.getLong("plan_id"), rs.getLong("user_id"), rs.getObject("period_start", LocalDate.class),
                rs.getLong("room_id"), rs.getObject("due_date", LocalDate.class), rs.getLong("amount"),
                rs.getObject("paid_posting_id", Long.class), Times.read(rs, "paid_at"), rs.getString("paid_key"),
                rs.getBoolean("waived"));
    }

    private static Expense expense(ResultSet rs, int row) throws SQLException {
        return new Expense(rs.getLong("id"), rs.getLong("room_id"), rs.getLong("account_id"), rs.getLong("amount"),
                rs.getString("currency"), rs.getString("purpose"), rs.getLong("spent_by"), rs.getLong("recorded_by"),
                rs.getObject("receipt_id", UUID.class), rs.getObject("posting_id", Long.class),
                rs.getObject("message_seq", Long.class), rs.getString("idempotency_key"), Times.read(rs, "created_at"));
    }
}

package dev.moim.dues;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.moim.view.Sender;

/** What the dues calls answer. Amounts are whole minor units of {@code currency}. */
final class DuesViews {

    private DuesViews() {
    }

    /** {@code periodStart} and {@code dueDate}: the period in course today (or the first, before the plan starts). */
    record PlanView(long id, long roomId, long amount, String currency, String period, Integer dayOfMonth,
                    Integer dayOfWeek, LocalDate startDate, String zone, LocalDate periodStart, LocalDate dueDate,
                    Sender createdBy, Instant createdAt) {

        static PlanView of(Plan plan, Sender createdBy, Instant now) {
            LocalDate current = plan.periodOf(plan.today(now));
            LocalDate shown = current.isBefore(plan.firstPeriod()) ? plan.firstPeriod() : current;
            return new PlanView(plan.id(), plan.roomId(), plan.amount(), plan.currency(), plan.period().name(),
                    plan.dayOfMonth(), plan.dayOfWeek(), plan.startDate(), plan.zone().getId(), shown, plan.dueDate(shown),
                    createdBy, plan.createdAt());
        }
    }

    /**
     * One member's charge for the period; {@code member} false once they left (the debt stays); {@code waived} when a
     * treasurer refunded their payment (owed no more).
     */
    record MemberDues(Sender user, long amount, boolean paid, Instant paidAt, boolean autopay, boolean member,
                      boolean waived) {
    }

    record PeriodStatus(PlanView plan, LocalDate periodStart, LocalDate dueDate, String currency, List<MemberDues> members,
                        int paidCount, int unpaidCount, long owedTotal, long paidTotal) {
    }

    record ChargeView(long planId, LocalDate periodStart, LocalDate dueDate, long amount, boolean paid, Instant paidAt,
                      Long postingId, boolean waived) {

        static ChargeView of(DuesStore.Charge c) {
            return new ChargeView(c.planId(), c.periodStart(), c.dueDate(), c.amount(), c.paid(), c.paidAt(), c.paidPostingId(),
                    c.waived());
        }
    }

    /** A member's statement in the room: every charge, oldest first. */
    record MemberStatement(Sender user, String currency, List<ChargeView> charges, long owedTotal, long paidTotal,
                           boolean autopay, boolean member) {
    }

    /** {@code replayed}: the request was made before with this Idempotency-Key; nothing moved this time. */
    record Paid(List<ChargeView> charges, long total, boolean replayed) {
    }

    record Autopay(boolean autopay) {
    }

    /** {@code seq}: the SYSTEM message that announced it, which carries the receipt photo. */
    record ExpenseView(long id, long roomId, long amount, String currency, String purpose, Sender spentBy,
                       Sender recordedBy, UUID receiptAttachmentId, Long postingId, Long seq, Instant createdAt) {
    }

    record ExpensePage(List<ExpenseView> expenses, Long nextCursor) {
    }

    /**
     * One line of the group account's statement: {@code amount} signed (+ in, - out), {@code counterparty} who the
     * money came from or went to (a member's nickname, or OUTSIDE), {@code by} who moved it.
     */
    record StatementLine(long entryId, long postingId, Instant at, String kind, String memo, String counterparty,
                         Sender by, long amount, long balanceAfter, String reference, Long reversesId) {
    }

    record Statement(long accountId, String currency, Instant from, Instant to, long openingBalance, long closingBalance,
                     long income, long spending, List<StatementLine> entries) {
    }

    /** One month of the chart, {@code month} as 2026-11 in the zone of moim.dues.zone. */
    record Month(String month, long income, long spending) {
    }
}

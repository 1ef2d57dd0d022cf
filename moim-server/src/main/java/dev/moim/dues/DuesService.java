package dev.moim.dues;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.ledger.Account;
import dev.moim.ledger.Confirmations;
import dev.moim.ledger.Ledger;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.user.UserDirectory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A group's dues: its plan (set by the account's managers), what each member owes per period, paying it from the
 * member's wallet, and autopay. Members see everyone's standing: a club's books are shared.
 */
@Service
public class DuesService {

    static final int MAX_KEY = 64;
    /** How far back or ahead a plan may start: catching up a year of periods is the most a plan asks of a pass. */
    static final int MAX_START_DAYS = 366;

    private final DuesStore store;
    private final DuesBook book;
    private final Ledger ledger;
    private final Confirmations confirmations;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final TransactionTemplate tx;
    private final MoimProperties.Dues settings;

    DuesService(DuesStore store, DuesBook book, Ledger ledger, Confirmations confirmations, RoomDirectory rooms,
                UserDirectory users, TransactionTemplate tx, MoimProperties properties) {
        this.store = store;
        this.book = book;
        this.ledger = ledger;
        this.confirmations = confirmations;
        this.rooms = rooms;
        this.users = users;
        this.tx = tx;
        this.settings = properties.dues();
    }

    // ---- the plan ----

    DuesViews.PlanView plan(long userId, long roomId) {
        rooms.member(roomId, userId);
        Plan plan = activePlan(roomId);
        return DuesViews.PlanView.of(plan, users.sender(plan.createdBy()), Times.now());
    }

    /** Replaces the room's plan: the old one's charges stay, and the new one starts after the last period charged. */
    DuesViews.PlanView setPlan(long userId, long roomId, DuesRequests.SetPlan request) {
        if (request == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "amount, period and its day are required");
        }
        mayManage(userId, roomId);
        Account account = groupAccount(roomId);
        long amount = amount(request.amount(), settings.maxAmount());
        Plan.Period period = period(request.period());
        Integer dayOfMonth = null;
        Integer dayOfWeek = null;
        if (period == Plan.Period.MONTHLY) {
            if (request.dayOfMonth() == null || request.dayOfMonth() < 1 || request.dayOfMonth() > 28 || request.dayOfWeek() != null) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "A MONTHLY plan needs dayOfMonth from 1 to 28 (and no dayOfWeek)");
            }
            dayOfMonth = request.dayOfMonth();
        } else {
            if (request.dayOfWeek() == null || request.dayOfWeek() < 1 || request.dayOfWeek() > 7 || request.dayOfMonth() != null) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "A WEEKLY plan needs dayOfWeek from 1 (Monday) to 7 (and no dayOfMonth)");
            }
            dayOfWeek = request.dayOfWeek();
        }
        ZoneId zone = ZoneId.of(settings.zone());
        Instant now = Times.now();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate start = request.startDate() == null ? today : date(request.startDate(), "startDate");
        if (start.isBefore(today.minusDays(MAX_START_DAYS)) || start.isAfter(today.plusDays(MAX_START_DAYS))) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "startDate must be within a year of today");
        }
        Integer dom = dayOfMonth;
        Integer dow = dayOfWeek;
        Plan plan;
        try {
            plan = tx.execute(status -> {
                store.activePlan(roomId).ifPresent(old -> store.endPlan(old.id(), now));
                Plan draft = new Plan(0, roomId, amount, account.currency(), period, dom, dow, start, zone, true, null,
                        userId, now, null);
                Optional<LocalDate> charged = store.lastChargedPeriod(roomId);
                if (charged.isPresent() && !draft.firstPeriod().isAfter(charged.get())) {
                    throw new MoimException(ErrorCode.DUES_PLAN_OVERLAP, "Dues were charged for the period of "
                            + charged.get() + " already; start the new plan after it");
                }
                return store.insertPlan(roomId, amount, account.currency(), period, dom, dow, start, zone, userId, now);
            });
        } catch (DuplicateKeyException e) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "Another manager changed the plan at the same moment; try again");
        }
        // The period in course is charged at once, so members can pay it before the scheduler's next pass.
        book.charge(plan, now);
        return DuesViews.PlanView.of(plan, users.sender(userId), now);
    }

    /** Ends the plan: nothing more is charged; what was charged stays owed. */
    void endPlan(long userId, long roomId) {
        mayManage(userId, roomId);
        Plan plan = activePlan(roomId);
        store.endPlan(plan.id(), Times.now());
    }

    // ---- paying ----

    /**
     * Pays the member's dues from their wallet into the group account: one period, or every unpaid one oldest first,
     * all in one transaction. Each charge is posted with the key {@code <Idempotency-Key>:<planId>:<periodStart>}, so
     * a retried request moves nothing twice and answers as the first did.
     */
    DuesViews.Paid pay(long userId, long roomId, DuesRequests.Pay request, String idempotencyKey) {
        String key = key(idempotencyKey);
        DuesRequests.Pay body = request == null ? new DuesRequests.Pay(null, null, null) : request;
        LocalDate periodStart = body.periodStart() == null ? null : date(body.periodStart(), "periodStart");
        mayPay(userId, roomId);
        Account group = groupAccount(roomId);
        List<DuesStore.Charge> wanted;
        if (periodStart != null) {
            DuesStore.Charge charge = store.charge(roomId, userId, periodStart).orElseThrow(() ->
                    new MoimException(ErrorCode.DUES_CHARGE_NOT_FOUND, "You owe no dues for the period of " + periodStart));
            if (charge.paid() && !(key + ":" + charge.planId() + ":" + charge.periodStart()).equals(charge.paidKey())) {
                throw new MoimException(ErrorCode.DUES_ALREADY_PAID, "The dues for " + periodStart + " are paid already");
            }
            wanted = List.of(charge);
        } else {
            wanted = store.unpaid(roomId, userId);
            if (wanted.isEmpty()) {
                List<DuesStore.Charge> replays = store.charges(roomId, userId).stream()
                        .filter(c -> c.paid() && (key + ":" + c.planId() + ":" + c.periodStart()).equals(c.paidKey())).toList();
                if (replays.isEmpty()) {
                    throw new MoimException(ErrorCode.DUES_ALREADY_PAID, "You owe no dues in this room");
                }
                wanted = replays;
            }
        }
        confirmations.confirm(userId, body.pin(), body.password());
        Account wallet = ledger.wallet(userId);
        List<DuesStore.Charge> toPay = wanted;
        return tx.execute(status -> {
            List<DuesViews.ChargeView> paid = new ArrayList<>();
            long total = 0;
            boolean replayed = true;
            for (DuesStore.Charge charge : toPay) {
                DuesBook.Settled settled = book.settle(charge, wallet, group, key + ":" + charge.planId() + ":" + charge.periodStart());
                paid.add(DuesViews.ChargeView.of(settled.charge()));
                total = Math.addExact(total, settled.charge().amount());
                replayed &= settled.outcome() == DuesBook.Outcome.REPLAYED;
            }
            return new DuesViews.Paid(paid, total, replayed);
        });
    }

    /** Autopay is the member's standing consent: confirmed once, when turned on. */
    DuesViews.Autopay autopayOn(long userId, long roomId, DuesRequests.Confirm request) {
        rooms.member(roomId, userId);
        groupAccount(roomId);
        DuesRequests.Confirm body = request == null ? new DuesRequests.Confirm(null, null) : request;
        confirmations.confirm(userId, body.pin(), body.password());
        try {
            store.autopayOn(roomId, userId, Times.now());
        } catch (DuplicateKeyException alreadyOn) {
            // Turned on by a request a moment ago: on is on.
        }
        return new DuesViews.Autopay(true);
    }

    DuesViews.Autopay autopayOff(long userId, long roomId) {
        rooms.member(roomId, userId);
        store.autopayOff(roomId, userId);
        return new DuesViews.Autopay(false);
    }

    // ---- standing ----

    /** Who has paid the period (the one in course by default) and who has not, members who left included. */
    DuesViews.PeriodStatus status(long userId, long roomId, String periodParam) {
        RoomState room = rooms.room(roomId);
        rooms.member(roomId, userId);
        Plan plan = activePlan(roomId);
        Instant now = Times.now();
        LocalDate period;
        if (periodParam == null || periodParam.isBlank()) {
            LocalDate current = plan.periodOf(plan.today(now));
            period = current.isBefore(plan.firstPeriod()) ? plan.firstPeriod() : current;
        } else {
            period = date(periodParam, "period");
            if (!plan.periodOf(period).equals(period)) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "period must be the first day of one of the plan's periods ("
                        + plan.periodOf(period) + ")");
            }
        }
        Set<Long> autopay = new HashSet<>(store.autopayMembers(roomId));
        List<DuesViews.MemberDues> members = new ArrayList<>();
        int paidCount = 0;
        int unpaidCount = 0;
        long owed = 0;
        long paidTotal = 0;
        LocalDate due = plan.dueDate(period);
        for (DuesStore.Charge c : store.period(roomId, period)) {
            due = c.dueDate();
            members.add(new DuesViews.MemberDues(users.sender(c.userId()), c.amount(), c.paid(), c.paidAt(),
                    autopay.contains(c.userId()), room.isMember(c.userId()), c.waived()));
            if (c.paid()) {
                paidCount++;
                paidTotal += c.amount();
            } else if (!c.waived()) {
                unpaidCount++;
                owed += c.amount();
            }
        }
        return new DuesViews.PeriodStatus(DuesViews.PlanView.of(plan, users.sender(plan.createdBy()), now), period, due,
                plan.currency(), members, paidCount, unpaidCount, owed, paidTotal);
    }

    /** One member's statement: every charge they had in the room, oldest first, also after they left. */
    DuesViews.MemberStatement member(long userId, long roomId, long memberId) {
        RoomState room = rooms.room(roomId);
        rooms.member(roomId, userId);
        if (!room.isMember(memberId) && !store.hasCharges(roomId, memberId)) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + memberId + " has no dues in room " + roomId);
        }
        List<DuesStore.Charge> charges = store.charges(roomId, memberId);
        long owed = charges.stream().filter(c -> !c.paid() && !c.waived()).mapToLong(DuesStore.Charge::amount).sum();
        long paid = charges.stream().filter(DuesStore.Charge::paid).mapToLong(DuesStore.Charge::amount).sum();
        String currency = ledger.groupAccount(roomId).map(Account::currency).orElse(null);
        return new DuesViews.MemberStatement(users.sender(memberId), currency,
                charges.stream().map(DuesViews.ChargeView::of).toList(), owed, paid, store.autopay(roomId, memberId),
                room.isMember(memberId));
    }

    // ---- checks ----

    private Plan activePlan(long roomId) {
        return store.activePlan(roomId).orElseThrow(() ->
                new MoimException(ErrorCode.DUES_PLAN_NOT_FOUND, "Room " + roomId + " has no dues plan"));
    }

    /** A member may pay; so may one who left owing (their debt stays on the books). */
    private void mayPay(long userId, long roomId) {
        if (!rooms.room(roomId).isMember(userId) && !store.hasCharges(roomId, userId)) {
            rooms.member(roomId, userId);
        }
    }

    void mayManage(long userId, long roomId) {
        rooms.member(roomId, userId);
        if (!ledger.mayManage(roomId, userId)) {
            throw new MoimException(ErrorCode.NOT_TREASURER, "Only the room's owner or a treasurer may do this");
        }
    }

    Account groupAccount(long roomId) {
        return ledger.groupAccount(roomId).orElseThrow(() ->
                new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "Room " + roomId + " has no group account; its owner opens one first"));
    }

    static long amount(Long amount, long max) {
        if (amount == null || amount < 1 || amount > max) {
            throw new MoimException(ErrorCode.INVALID_AMOUNT, "amount must be a whole number of minor units from 1 to " + max);
        }
        return amount;
    }

    static String key(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "An Idempotency-Key header of 1 to " + MAX_KEY + " characters is required");
        }
        return idempotencyKey;
    }

    private static Plan.Period period(String period) {
        if (period != null) {
            for (Plan.Period p : Plan.Period.values()) {
                if (p.name().equals(period)) {
                    return p;
                }
            }
        }
        throw new MoimException(ErrorCode.VALIDATION_FAILED, "period must be MONTHLY or WEEKLY");
    }

    static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, name + " must be a date such as 2026-11-01");
        }
    }
}

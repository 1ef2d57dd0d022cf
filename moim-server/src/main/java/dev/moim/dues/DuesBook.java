package dev.moim.dues;

import java.time.Instant;
import java.time.LocalDate;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.common.AfterCommit;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.ledger.Account;
import dev.moim.ledger.Ledger;
import dev.moim.ledger.Posting;
import dev.moim.ledger.PostingKind;
import dev.moim.ledger.PostingReversed;
import dev.moim.ledger.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The two things that must happen exactly once whoever asks and on whichever node: writing a period's charges, and
 * paying one charge. Shared by the members' requests and the scheduler.
 */
@Component
class DuesBook {

    private static final Logger log = LoggerFactory.getLogger(DuesBook.class);
    private static final int ATTEMPTS = 5;

    private final DuesStore store;
    private final Ledger ledger;
    private final EventBus bus;

    DuesBook(DuesStore store, Ledger ledger, EventBus bus) {
        this.store = store;
        this.ledger = ledger;
        this.bus = bus;
    }

    /**
     * Writes the charges of every period of the plan that has begun by {@code now} and is not final yet: each member
     * who had joined by its due day owes it. A period whose due day has passed is final (whoever joins later owes
     * from the next), so later passes skip it; that is also how a node that was down catches up.
     */
    int charge(Plan plan, Instant now) {
        LocalDate today = plan.today(now);
        LocalDate current = plan.periodOf(today);
        LocalDate period = plan.chargedThrough() == null ? plan.firstPeriod() : plan.next(plan.chargedThrough());
        int written = 0;
        while (!period.isAfter(current)) {
            LocalDate due = plan.dueDate(period);
            written += insertCharges(plan, period, due, now);
            if (today.isAfter(due)) {
                store.chargedThrough(plan.id(), period);
            }
            period = plan.next(period);
        }
        return written;
    }

    /** Two nodes inserting the same period collide on the key; the one that lost finds the other's rows next time. */
    private int insertCharges(Plan plan, LocalDate period, LocalDate due, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.insertCharges(plan, period, due, plan.endOf(due), now);
            } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Charges of plan {} for {} collided with another writer; again", plan.id(), period);
            }
        }
    }

    /** What settling one charge did. */
    enum Outcome { PAID, REPLAYED }

    record Settled(DuesStore.Charge charge, Outcome outcome) {
    }

    /**
     * Pays {@code charge} from the member's wallet into the group account, inside the caller's transaction: the row
     * is locked first, so of two payers of one charge the second waits and then finds it paid. The posting and the
     * mark are committed together or not at all. Paid before with this very {@code key} (a retried request): REPLAYED
     * and nothing moves; paid otherwise: DUES_ALREADY_PAID.
     */
    Settled settle(DuesStore.Charge charge, Account wallet, Account group, String key) {
        DuesStore.Charge locked = store.lockCharge(charge.planId(), charge.userId(), charge.periodStart())
                .orElseThrow(() -> new MoimException(ErrorCode.DUES_CHARGE_NOT_FOUND, "No such charge"));
        if (locked.paid()) {
            if (key.equals(locked.paidKey())) {
                return new Settled(locked, Outcome.REPLAYED);
            }
            throw new MoimException(ErrorCode.DUES_ALREADY_PAID, "The dues for " + locked.periodStart() + " are paid already");
        }
        if (locked.waived()) {
            throw new MoimException(ErrorCode.DUES_ALREADY_PAID, "The dues for " + locked.periodStart() + " were waived");
        }
        Posting posting = ledger.post(new Transfer(wallet.id(), group.id(), locked.amount(), PostingKind.DUES,
                "Dues " + locked.periodStart(), locked.userId(), key, reference(locked)));
        Instant now = Times.now();
        if (!store.markPaid(locked, posting.id(), key, now)) {
            throw new MoimException(ErrorCode.DUES_ALREADY_PAID, "The dues for " + locked.periodStart() + " are paid already");
        }
        long roomId = locked.roomId();
        String period = locked.periodStart().toString();
        long userId = locked.userId();
        AfterCommit.run(() -> bus.publish(new RoomEvent.DuesEvent(roomId, period, userId, true)));
        return new Settled(new DuesStore.Charge(locked.planId(), userId, locked.periodStart(), roomId, locked.dueDate(),
                locked.amount(), posting.id(), now, key, false), Outcome.PAID);
    }

    /**
     * A dues payment was reversed (a treasurer refunded it), in the reversal's transaction: the charge it paid is
     * waived, so the books and "who paid" agree, and the room hears that it is no longer paid.
     */
    @EventListener
    void onReversed(PostingReversed reversed) {
        if (reversed.original().kind() != PostingKind.DUES) {
            return;
        }
        store.waiveRefunded(reversed.original().id()).ifPresent(charge -> {
            long roomId = charge.roomId();
            String period = charge.periodStart().toString();
            long userId = charge.userId();
            AfterCommit.run(() -> bus.publish(new RoomEvent.DuesEvent(roomId, period, userId, false)));
        });
    }

    /** How other features find a charge's posting again. */
    static String reference(DuesStore.Charge charge) {
        return "dues:" + charge.planId() + ":" + charge.userId() + ":" + charge.periodStart();
    }
}

package dev.moim.dues;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.moim.common.ErrorCode;
import dev.moim.common.Futures;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.ledger.Account;
import dev.moim.ledger.Ledger;
import dev.moim.notification.NotificationService;
import dev.moim.room.ChatMessage;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.view.SystemNote;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every node runs this, with a fixed delay between passes. A pass writes the charges of each plan's periods that
 * have begun (catching up every period a node that was down missed), pays autopay members' due charges, and posts
 * the reminder of the latest period that fell due. Nothing here is decided by which node runs it: a charge and a
 * reminder are rows with a key, and an autopay locks its charge and posts with the key
 * {@code autopay:<planId>:<userId>:<periodStart>}, so two nodes (or two passes) racing do each thing once.
 */
@Component
class DuesScheduler {

    private static final Logger log = LoggerFactory.getLogger(DuesScheduler.class);

    private final DuesStore store;
    private final DuesBook book;
    private final Ledger ledger;
    private final RoomWriter writer;
    private final RoomDirectory rooms;
    private final NotificationService notifications;
    private final TransactionTemplate tx;
    private final Duration delay;
    private final Duration writeTimeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("moim-dues-scheduler").daemon(true).factory());

    DuesScheduler(DuesStore store, DuesBook book, Ledger ledger, RoomWriter writer, RoomDirectory rooms,
                  NotificationService notifications,
                  TransactionTemplate tx, MoimProperties properties) {
        this.store = store;
        this.book = book;
        this.ledger = ledger;
        this.writer = writer;
        this.rooms = rooms;
        this.notifications = notifications;
        this.tx = tx;
        this.delay = properties.dues().schedulerDelay();
        this.writeTimeout = properties.messages().writeTimeout();
    }

    @PostConstruct
    void start() {
        long every = delay.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                pass(Times.now());
            } catch (RuntimeException e) {
                log.warn("A dues pass failed; the next one tries again: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** What one pass did on this node. */
    record Pass(int charged, int autopaid, int reminded) {
    }

    /** One pass as of {@code now}; any number may run at once, here and on other nodes. */
    Pass pass(Instant now) {
        int charged = 0;
        int autopaid = 0;
        int reminded = 0;
        for (Plan listed : store.activePlans()) {
            try {
                charged += book.charge(listed, now);
                // Read again: the watermark moved, or the plan ended meanwhile.
                Plan plan = store.plan(listed.id()).filter(Plan::active).orElse(null);
                if (plan == null) {
                    continue;
                }
                Account group = ledger.groupAccount(plan.roomId()).orElse(null);
                if (group == null) {
                    continue;
                }
                LocalDate today = plan.today(now);
                for (DuesStore.Charge charge : store.dueForAutopay(plan.id(), today)) {
                    autopaid += autopay(charge, group, now) ? 1 : 0;
                }
                reminded += remind(plan, today, now) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("The dues pass of plan {} (room {}) failed; the next one tries again: {}", listed.id(),
                        listed.roomId(), e.toString());
            }
        }
        return new Pass(charged, autopaid, reminded);
    }

    /** True when this call paid it. Without the money it stays unpaid, and the member hears of it once. */
    private boolean autopay(DuesStore.Charge charge, Account group, Instant now) {
        String key = "autopay:" + charge.planId() + ":" + charge.userId() + ":" + charge.periodStart();
        try {
            Account wallet = ledger.wallet(charge.userId());
            DuesBook.Settled settled = tx.execute(status -> book.settle(charge, wallet, group, key));
            return settled != null && settled.outcome() == DuesBook.Outcome.PAID;
        } catch (MoimException e) {
            if (e.code() == ErrorCode.DUES_ALREADY_PAID) {
                return false;
            }
            if (store.markAutopayFailed(charge, now)) {
                notifications.notify(new NotificationService.Notice(charge.userId(), "DUES_AUTOPAY_FAILED", null,
                        charge.roomId(), null, charge.amount() + " " + group.currency() + " · " + charge.dueDate()));
            }
            return false;
        } catch (DuplicateKeyException | ConcurrencyFailureException raced) {
            // Another node posted it at this moment; its commit marks the charge paid.
            return false;
        }
    }

    /**
     * Reminds of the latest period that fell due, once: a SYSTEM message in the room naming who has not paid, and a
     * notification to each of them who is still a member. The reminder's row is written in the message's
     * transaction, so of two nodes the second fails on its key and writes nothing.
     */
    private boolean remind(Plan plan, LocalDate today, Instant now) {
        LocalDate period = plan.periodOf(today);
        if (plan.dueDate(period).isAfter(today)) {
            period = plan.previous(period);
        }
        if (period.isBefore(plan.firstPeriod()) || store.reminded(plan.id(), period)) {
            return false;
        }
        LocalDate periodStart = period;
        List<DuesStore.Charge> unpaid = store.period(plan.roomId(), periodStart).stream()
                .filter(c -> !c.paid() && !c.waived()).toList();
        LocalDate due = plan.dueDate(periodStart);
        ChatMessage note;
        try {
            note = Futures.await(writer.run(outbox -> {
                RoomState room = writer.lockRoom(outbox, plan.roomId());
                if (unpaid.isEmpty()) {
                    store.insertReminder(plan.id(), periodStart, null, now);
                    return null;
                }
                ChatMessage message = writer.appendSystem(room.id(),
                        SystemNote.of("DUES_DUE", null, unpaid.stream().map(DuesStore.Charge::userId).toList()),
                        "Dues of " + plan.amount() + " " + plan.currency() + " were due on " + due + "; "
                                + unpaid.size() + " not paid yet", outbox);
                store.insertReminder(plan.id(), periodStart, message.seq(), now);
                return message;
            }), writeTimeout);
        } catch (DuplicateKeyException | ConcurrencyFailureException remindedElsewhere) {
            return false;
        }
        if (note == null) {
            return false;
        }
        RoomState room = rooms.room(plan.roomId());
        for (DuesStore.Charge charge : unpaid) {
            if (!room.isMember(charge.userId())) {
                continue;
            }
            try {
                notifications.notify(new NotificationService.Notice(charge.userId(), "DUES_DUE", null, plan.roomId(),
                        note.seq(), charge.amount() + " " + plan.currency() + " · " + due));
            } catch (RuntimeException e) {
                log.warn("The dues reminder for user {} could not be stored: {}", charge.userId(), e.toString());
            }
        }
        return true;
    }
}

package dev.moim.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.moim.common.AfterCommit;
import dev.moim.common.ErrorCode;
import dev.moim.common.InvalidField;
import dev.moim.common.MoimException;
import dev.moim.common.Text;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.user.UserStore;
import dev.moim.view.RoomType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The books: accounts, and money moving between them as postings of two balanced entries. Every rule about money
 * itself is kept here (amounts, currencies, no overdraft, idempotency, reversal); who may move which money is for the
 * callers to check (the REST edge, dues).
 *
 * <p>A posting locks its two accounts' rows, lower id first, in the caller's transaction (or one of its own), so
 * movements touching an account run one at a time on every node and two in opposite directions never deadlock.
 * A retried request (the same initiator and idempotency key) finds the first posting and moves nothing.
 */
@Service
public class Ledger {

    /** The largest amount one posting moves: far below what a balance can hold, so sums stay exact. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    static final int MAX_KEY_LENGTH = 100;
    static final int MAX_MEMO_LENGTH = 200;
    static final int MAX_REFERENCE_LENGTH = 200;

    private final LedgerStore store;
    private final RoomDirectory rooms;
    private final UserStore users;
    private final LedgerEvents events;
    private final ApplicationEventPublisher reversals;
    private final TransactionTemplate tx;
    /** Opening an account races only with its own opening: in a transaction of its own, so a lost race harms no caller's. */
    private final TransactionTemplate ownTx;
    private final String walletCurrency;
    private final Set<String> currencies;

    public Ledger(LedgerStore store, RoomDirectory rooms, UserStore users, LedgerEvents events,
                  ApplicationEventPublisher reversals, PlatformTransactionManager transactions, MoimProperties properties) {
        this.reversals = reversals;
        this.store = store;
        this.rooms = rooms;
        this.users = users;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.walletCurrency = properties.ledger().walletCurrency();
        this.currencies = Set.copyOf(properties.ledger().currencies());
    }

    /** The user's wallet, opened on first use in moim.ledger.wallet-currency. USER_NOT_FOUND for a withdrawn user without one. */
    public Account wallet(long userId) {
        Optional<LedgerStore.Held> held = store.wallet(userId);
        if (held.isPresent()) {
            return held.get().account();
        }
        if (users.findById(userId).filter(u -> !u.deleted()).isEmpty()) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + userId + " does not exist");
        }
        open(() -> store.insertAccount(AccountKind.WALLET, userId, null, walletCurrency, Times.now()));
        return store.wallet(userId).orElseThrow().account();
    }

    public Optional<Account> groupAccount(long roomId) {
        return store.groupAccount(roomId).map(LedgerStore.Held::account);
    }

    /**
     * Opens the group account of a GROUP room, by its owner, in one of moim.ledger.currencies. ROOM_NOT_FOUND,
     * NOT_A_MEMBER, NOT_OWNER, OPERATION_NOT_ALLOWED (a DIRECT room), VALIDATION_FAILED (currency), ACCOUNT_EXISTS.
     */
    public Account openGroupAccount(long roomId, String currency, long byUserId) {
        String code = currency == null ? walletCurrency : currency;
        if (!currencies.contains(code)) {
            throw new InvalidField("currency", "must be one of " + currencies.stream().sorted().toList());
        }
        RoomState room = rooms.committed(roomId);
        rooms.member(roomId, byUserId);
        if (room.type() != RoomType.GROUP) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "Only a GROUP room can have a group account");
        }
        if (!room.isOwner(byUserId)) {
            throw new MoimException(ErrorCode.NOT_OWNER, "Only the room's owner can open its account");
        }
        if (store.groupAccount(roomId).isPresent() || !open(() -> store.insertAccount(AccountKind.GROUP, null, roomId, code, Times.now()))) {
            throw new MoimException(ErrorCode.ACCOUNT_EXISTS, "This room has an account already");
        }
        Account account = store.groupAccount(roomId).orElseThrow().account();
        events.changed(account, false);
        return account;
    }

    /** Any account by id, or ACCOUNT_NOT_FOUND. Who may see it is the caller's to decide. */
    public Account account(long accountId) {
        return held(accountId).account();
    }

    /** Whether the account is closed (a withdrawn user's wallet). */
    public boolean closed(long accountId) {
        return held(accountId).closed();
    }

    /** The world outside Moim in this currency, opened on first use. */
    public Account outside(String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new InvalidField("currency", "must be three capital letters (ISO 4217)");
        }
        return store.outside(currency).map(LedgerStore.Held::account).orElseGet(() -> {
            open(() -> store.insertAccount(AccountKind.OUTSIDE, null, null, currency, Times.now()));
            return store.outside(currency).orElseThrow().account();
        });
    }

    /** The room's owner, or a treasurer of its account who is still a member. */
    public boolean mayManage(long roomId, long userId) {
        Optional<RoomState> room = rooms.find(roomId);
        if (room.isEmpty() || room.get().type() != RoomType.GROUP) {
            return false;
        }
        if (room.get().isOwner(userId)) {
            return true;
        }
        return isTreasurer(roomId, userId, store.appointedAt(roomId, userId).orElse(null));
    }

    /**
     * A treasurer while they stay in the room: an appointment ends when they leave (or are removed), so someone who
     * comes back is a treasurer again only when the owner appoints them again.
     */
    boolean isTreasurer(long roomId, long userId, Instant appointedAt) {
        return appointedAt != null && rooms.findMember(roomId, userId)
                .filter(member -> !member.joinedAt().isAfter(appointedAt)).isPresent();
    }

    /**
     * Moves the money, in the caller's transaction if there is one. INVALID_AMOUNT, VALIDATION_FAILED (key, memo,
     * reference, kind, the same account twice), ACCOUNT_NOT_FOUND, ACCOUNT_CLOSED, CURRENCY_MISMATCH,
     * INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED; a retry with the same key returns the first posting, replayed.
     */
    public Posting post(Transfer transfer) {
        checkAmount(transfer.amount());
        String key = checkKey(transfer.idempotencyKey());
        String memo = checkLength("memo", transfer.memo(), MAX_MEMO_LENGTH);
        String reference = checkLength("reference", transfer.reference(), MAX_REFERENCE_LENGTH);
        if (transfer.kind() == null || transfer.kind() == PostingKind.REVERSAL) {
            throw new InvalidField("kind", "must be DEPOSIT, TRANSFER, DUES or EXPENSE (a reversal is made by reverse)");
        }
        if (transfer.fromAccountId() == transfer.toAccountId()) {
            throw new InvalidField("toAccountId", "must not be the account the money comes from");
        }
        return tx.execute(status -> {
            Optional<Posting> earlier = replay(transfer.initiatedBy(), key, transfer.fromAccountId(), transfer.toAccountId(),
                    transfer.amount(), transfer.kind(), reference, null);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            return move(transfer.kind(), transfer.fromAccountId(), transfer.toAccountId(), transfer.amount(), memo,
                    transfer.initiatedBy(), key, null, reference);
        });
    }

    /**
     * Posts the opposite of the posting (kind REVERSAL, pointing to it) and marks it reversed. POSTING_NOT_FOUND,
     * ALREADY_REVERSED (also for a reversal itself), INSUFFICIENT_FUNDS when the money has left the account since,
     * ACCOUNT_CLOSED; idempotent like {@link #post}. Who may reverse is the caller's to decide.
     */
    public Posting reverse(long postingId, long byUserId, String reason, String idempotencyKey) {
        String key = checkKey(idempotencyKey);
        String memo = checkLength("reason", reason, MAX_MEMO_LENGTH);
        return tx.execute(status -> {
            Posting original = store.posting(postingId).orElseThrow(() -> new MoimException(ErrorCode.POSTING_NOT_FOUND,
                    "Posting " + postingId + " does not exist"));
            Optional<Posting> earlier = replay(byUserId, key, original.toAccountId(), original.fromAccountId(),
                    original.amount(), PostingKind.REVERSAL, null, postingId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            if (original.kind() == PostingKind.REVERSAL) {
                throw new MoimException(ErrorCode.ALREADY_REVERSED, "A reversal cannot be reversed; post a new movement");
            }
            // Locked before the check, so two reversals of one posting run one after the other and the second sees
            // the first: as its own replay when it is the same request retried, or as ALREADY_REVERSED.
            store.lock(original.fromAccountId(), original.toAccountId());
            Optional<Posting> raced = replay(byUserId, key, original.toAccountId(), original.fromAccountId(),
                    original.amount(), PostingKind.REVERSAL, null, postingId);
            if (raced.isPresent()) {
                return raced.get();
            }
            if (store.posting(postingId).orElseThrow().reversedById() != null) {
                throw new MoimException(ErrorCode.ALREADY_REVERSED, "Posting " + postingId + " was reversed already");
            }
            Posting reversal = move(PostingKind.REVERSAL, original.toAccountId(), original.fromAccountId(),
                    original.amount(), memo, byUserId, key, postingId, null);
            store.markReversed(postingId, reversal.id());
            reversals.publishEvent(new PostingReversed(original, reversal));
            return reversal;
        });
    }

    /** Newest first; {@code beforeEntryId} pages back, {@code from} (inclusive) and {@code to} (exclusive) narrow it. */
    public List<Entry> entries(long accountId, Instant from, Instant to, Long beforeEntryId, int limit) {
        held(accountId);
        return store.entries(accountId, from, to, beforeEntryId, Math.max(1, limit));
    }

    /** The books checked: all entries sum to zero, every balance equals its entries, every posting balances. */
    public Reconciliation reconcile() {
        return tx.execute(status -> {
            List<Long> differing = store.accountsWhoseBalanceDiffersFromEntries();
            long sum = store.sumOfAllEntries();
            long unbalanced = store.unbalancedPostings();
            return new Reconciliation(store.count("ledger_accounts"), store.count("ledger_postings"),
                    store.count("ledger_entries"), sum, differing, sum == 0 && differing.isEmpty() && unbalanced == 0);
        });
    }

    /** The posting, or POSTING_NOT_FOUND. */
    public Posting posting(long postingId) {
        return store.posting(postingId).orElseThrow(() -> new MoimException(ErrorCode.POSTING_NOT_FOUND,
                "Posting " + postingId + " does not exist"));
    }

    /** Deposits into the account over the last {@code window}, less reversed ones. */
    long depositedWithin(long accountId, Duration window) {
        return store.depositedSince(accountId, Times.now().minus(window));
    }

    // ---- the movement itself ----

    private Posting move(PostingKind kind, long fromId, long toId, long amount, String memo, long initiatedBy,
                         String key, Long reversesId, String reference) {
        List<LedgerStore.Held> locked = store.lock(fromId, toId);
        if (locked.size() != 2) {
            throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "No such account");
        }
        // A retry that waited for the first attempt's locks sees its posting now.
        Optional<Posting> earlier = replay(initiatedBy, key, fromId, toId, amount, kind, reference, reversesId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Account from = locked.get(0).account();
        Account to = locked.get(1).account();
        if (locked.get(0).closed() || locked.get(1).closed()) {
            throw new MoimException(ErrorCode.ACCOUNT_CLOSED, "Account " + (locked.get(0).closed() ? fromId : toId)
                    + " is closed");
        }
        if (!from.currency().equals(to.currency())) {
            throw new MoimException(ErrorCode.CURRENCY_MISMATCH, "Account " + fromId + " is in " + from.currency()
                    + " and account " + toId + " in " + to.currency());
        }
        long fromAfter;
        long toAfter;
        try {
            fromAfter = Math.subtractExact(from.balance(), amount);
            toAfter = Math.addExact(to.balance(), amount);
        } catch (ArithmeticException overflow) {
            throw new MoimException(ErrorCode.INVALID_AMOUNT, "The amount would overflow an account's balance");
        }
        if (fromAfter < 0 && from.kind() != AccountKind.OUTSIDE) {
            throw new MoimException(ErrorCode.INSUFFICIENT_FUNDS, "Account " + fromId + " holds " + from.balance()
                    + ", less than " + amount);
        }
        Instant now = Times.now();
        long postingId;
        try {
            postingId = store.insertPosting(kind, fromId, toId, amount, from.currency(), memo, initiatedBy, key,
                    reversesId, reference, now);
        } catch (DuplicateKeyException raced) {
            // Only a retry on other accounts can get here (one on the same accounts waited for the locks above).
            throw new MoimException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used at the same moment for another movement");
        }
        store.insertEntry(postingId, fromId, -amount, fromAfter, now);
        store.insertEntry(postingId, toId, amount, toAfter, now);
        store.setBalance(fromId, fromAfter);
        store.setBalance(toId, toAfter);
        Account fromNow = new Account(from.id(), from.kind(), from.userId(), from.roomId(), from.currency(), fromAfter, from.openedAt());
        Account toNow = new Account(to.id(), to.kind(), to.userId(), to.roomId(), to.currency(), toAfter, to.openedAt());
        AfterCommit.run(() -> {
            events.changed(fromNow, true);
            events.changed(toNow, true);
        });
        return new Posting(postingId, kind, fromId, toId, amount, from.currency(), memo, initiatedBy, reversesId, null,
                reference, now, false);
    }

    /** The posting this initiator made with this key, replayed; IDEMPOTENCY_KEY_REUSED when it moved other money. */
    private Optional<Posting> replay(long initiatedBy, String key, long fromId, long toId, long amount, PostingKind kind,
                                     String reference, Long reversesId) {
        Optional<Posting> earlier = store.postingByKey(initiatedBy, key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Posting first = earlier.get();
        boolean same = first.fromAccountId() == fromId && first.toAccountId() == toId && first.amount() == amount
                && first.kind() == kind && java.util.Objects.equals(first.reference(), reference)
                && java.util.Objects.equals(first.reversesId(), reversesId);
        if (!same) {
            throw new MoimException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for another movement; use a new key for a new one");
        }
        return Optional.of(first.asReplayed());
    }

    private LedgerStore.Held held(long accountId) {
        return store.account(accountId).orElseThrow(() -> new MoimException(ErrorCode.ACCOUNT_NOT_FOUND,
                "Account " + accountId + " does not exist"));
    }

    /** False when another request opened the same account first (its unique index refused this one). */
    private boolean open(Runnable insert) {
        try {
            ownTx.executeWithoutResult(status -> insert.run());
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        } catch (DataIntegrityViolationException gone) {
            // The user or room the account would belong to does not exist.
            throw new MoimException(ErrorCode.NOT_FOUND, "The account's owner does not exist");
        }
    }

    static void checkAmount(long amount) {
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new MoimException(ErrorCode.INVALID_AMOUNT,
                    "amount must be a whole number of minor units from 1 to " + MAX_AMOUNT);
        }
    }

    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidField("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return key;
    }

    static String checkLength(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        Text.require(field, value);
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidField(field, "must be at most " + max + " characters");
        }
        return value.isBlank() ? null : value;
    }

    /** Digits after the decimal point in the currency's amounts (KRW 0, USD 2); 0 for a code Java does not know. */
    static int minorUnits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            return 0;
        }
    }
}

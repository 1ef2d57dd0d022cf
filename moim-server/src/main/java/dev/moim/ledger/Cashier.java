package dev.moim.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.view.AccountView;
import dev.moim.view.RoomType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may see and move which money, in front of the {@link Ledger}: a user sees their wallet and the accounts of the
 * groups they are in (anything else is ACCOUNT_NOT_FOUND, so nobody learns which accounts exist); they move money out
 * of their wallet, or out of a group account they manage (the room's owner or a treasurer), each time confirmed by
 * their PIN or password; they pay any user's wallet or a group account of a room they are in.
 */
@Service
class Cashier {

    private static final Duration DAY = Duration.ofDays(1);

    private final Ledger ledger;
    private final LedgerStore store;
    private final LedgerEvents events;
    private final Confirmations confirmations;
    private final RoomDirectory rooms;
    private final TransactionTemplate tx;
    private final MoimProperties.Ledger settings;

    Cashier(Ledger ledger, LedgerStore store, LedgerEvents events, Confirmations confirmations, RoomDirectory rooms,
            TransactionTemplate tx, MoimProperties properties) {
        this.ledger = ledger;
        this.store = store;
        this.events = events;
        this.confirmations = confirmations;
        this.rooms = rooms;
        this.tx = tx;
        this.settings = properties.ledger();
    }

    AccountView wallet(long userId) {
        return view(ledger.wallet(userId).id());
    }

    /** A simulated top-up from OUTSIDE, within moim.ledger.max-deposit and max-deposit-per-day. */
    Posting deposit(long userId, long amount, String key) {
        Ledger.checkKey(key);
        if (amount > settings.maxDeposit()) {
            throw new MoimException(ErrorCode.DEPOSIT_LIMIT_EXCEEDED, "One deposit may be at most " + settings.maxDeposit());
        }
        Account wallet = ledger.wallet(userId);
        Account outside = ledger.outside(wallet.currency());
        Transfer deposit = new Transfer(outside.id(), wallet.id(), amount, PostingKind.DEPOSIT, null, userId, key, null);
        return tx.execute(status -> {
            // Locked first (in the ledger's order), so two deposits at once cannot both fit under the day's limit, and
            // a retry racing its first attempt finds that attempt's posting here rather than counting it against itself.
            store.lock(outside.id(), wallet.id());
            if (store.postingByKey(userId, key).isEmpty()) {
                long today = ledger.depositedWithin(wallet.id(), DAY);
                if (today + amount > settings.maxDepositPerDay()) {
                    throw new MoimException(ErrorCode.DEPOSIT_LIMIT_EXCEEDED, "Deposits over 24 hours may be at most "
                            + settings.maxDepositPerDay() + "; " + today + " was deposited already");
                }
            }
            return ledger.post(deposit);
        });
    }

    Posting send(long userId, LedgerRequests.Send request, String key) {
        long amount = LedgerRequests.amount(request.amount());
        Ledger.checkKey(key);
        Ledger.checkLength("memo", request.memo(), Ledger.MAX_MEMO_LENGTH);
        Account from = request.fromAccountId() == null ? ledger.wallet(userId) : visible(userId, request.fromAccountId());
        requireMayMoveFrom(userId, from);
        Account to = recipient(userId, request);
        confirmations.confirm(userId, request.pin(), request.password());
        return ledger.post(new Transfer(from.id(), to.id(), amount, PostingKind.TRANSFER, request.memo(), userId, key, null));
    }

    /**
     * Reverses a posting: the owner of a wallet their own deposit; a manager of a group account a posting into it
     * (a refund) or an expense out of it. Never a movement that would take money back out of someone else's wallet.
     */
    Posting reverse(long userId, long postingId, LedgerRequests.Reverse request, String key) {
        Ledger.checkKey(key);
        Posting posting = ledger.posting(postingId);
        Account from = ledger.account(posting.fromAccountId());
        Account to = ledger.account(posting.toAccountId());
        if (!sees(userId, from) && !sees(userId, to)) {
            throw new MoimException(ErrorCode.POSTING_NOT_FOUND, "Posting " + postingId + " does not exist");
        }
        boolean ownDeposit = posting.kind() == PostingKind.DEPOSIT && to.kind() == AccountKind.WALLET
                && to.userId() == userId;
        boolean intoManagedGroup = to.kind() == AccountKind.GROUP && ledger.mayManage(to.roomId(), userId);
        boolean managedExpense = from.kind() == AccountKind.GROUP && to.kind() == AccountKind.OUTSIDE
                && ledger.mayManage(from.roomId(), userId);
        if (!ownDeposit && !intoManagedGroup && !managedExpense) {
            boolean groupMember = (to.kind() == AccountKind.GROUP && sees(userId, to))
                    || (from.kind() == AccountKind.GROUP && sees(userId, from) && to.kind() == AccountKind.OUTSIDE);
            throw groupMember
                    ? new MoimException(ErrorCode.NOT_TREASURER, "Only the room's owner or a treasurer can reverse this")
                    : new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "You can reverse your own deposits and, as a "
                    + "group's owner or treasurer, money into its account or its expenses; ask for other money back");
        }
        confirmations.confirm(userId, request.pin(), request.password());
        return ledger.reverse(postingId, userId, request.reason(), key);
    }

    AccountView account(long userId, long accountId) {
        visible(userId, accountId);
        return view(accountId);
    }

    LedgerRequests.Statement statement(long userId, long accountId, Instant from, Instant to, Long before, Integer limit) {
        visible(userId, accountId);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw new dev.moim.common.InvalidField("limit", "must be from 1 to 200");
        }
        List<Entry> entries = ledger.entries(accountId, from, to, before, size);
        return new LedgerRequests.Statement(entries, entries.size() < size ? null : entries.getLast().id());
    }

    AccountView openGroupAccount(long userId, long roomId, String currency) {
        return view(ledger.openGroupAccount(roomId, currency, userId).id());
    }

    LedgerRequests.GroupAccount groupAccount(long userId, long roomId) {
        if (!rooms.admits(roomId, userId)) {
            throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "This room has no account you can see");
        }
        Account account = ledger.groupAccount(roomId).orElseThrow(() -> new MoimException(ErrorCode.ACCOUNT_NOT_FOUND,
                "This room has no account yet"));
        return new LedgerRequests.GroupAccount(view(account.id()), treasurers(roomId), ledger.mayManage(roomId, userId));
    }

    /** The owner appoints ({@code appoint}) or dismisses a treasurer; a treasurer must be a member. */
    LedgerRequests.GroupAccount treasurer(long userId, long roomId, long treasurerId, boolean appoint) {
        RoomState room = rooms.committed(roomId);
        rooms.member(roomId, userId);
        if (room.type() != RoomType.GROUP || ledger.groupAccount(roomId).isEmpty()) {
            throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "This room has no account yet");
        }
        if (!room.isOwner(userId)) {
            throw new MoimException(ErrorCode.NOT_OWNER, "Only the room's owner appoints and dismisses treasurers");
        }
        if (appoint) {
            if (!room.isMember(treasurerId)) {
                throw new MoimException(ErrorCode.NOT_A_MEMBER, "A treasurer must be a member of the room");
            }
            if (room.isOwner(treasurerId)) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "The owner manages the account already");
            }
            store.appoint(roomId, treasurerId, userId, Times.now());
        } else {
            store.dismiss(roomId, treasurerId);
        }
        return groupAccount(userId, roomId);
    }

    // ---- who sees what ----

    /** The account if the user may see it: their wallet, or the account of a group they are in. */
    private Account visible(long userId, long accountId) {
        Optional<Account> account = store.account(accountId).map(LedgerStore.Held::account);
        if (account.isEmpty() || !sees(userId, account.get())) {
            throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + accountId + " does not exist");
        }
        return account.get();
    }

    private boolean sees(long userId, Account account) {
        return switch (account.kind()) {
            case WALLET -> account.userId() == userId;
            case GROUP -> rooms.admits(account.roomId(), userId);
            case OUTSIDE -> false;
        };
    }

    private void requireMayMoveFrom(long userId, Account from) {
        if (from.kind() == AccountKind.GROUP && !ledger.mayManage(from.roomId(), userId)) {
            throw new MoimException(ErrorCode.NOT_TREASURER, "Only the room's owner or a treasurer can move its money");
        }
    }

    /** Any user's wallet, or the account of a group the sender is in. */
    private Account recipient(long userId, LedgerRequests.Send request) {
        if ((request.toAccountId() == null) == (request.toUserId() == null)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "Give exactly one of toAccountId and toUserId");
        }
        if (request.toUserId() != null) {
            try {
                return ledger.wallet(request.toUserId());
            } catch (MoimException noSuchUser) {
                throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "User " + request.toUserId() + " has no wallet");
            }
        }
        Account to = store.account(request.toAccountId()).map(LedgerStore.Held::account).orElse(null);
        boolean payable = to != null && (to.kind() == AccountKind.WALLET || (to.kind() == AccountKind.GROUP && sees(userId, to)));
        if (!payable) {
            throw new MoimException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + request.toAccountId() + " does not exist");
        }
        return to;
    }

    private List<Long> treasurers(long roomId) {
        return store.treasurers(roomId).entrySet().stream()
                .filter(t -> ledger.isTreasurer(roomId, t.getKey(), t.getValue())).map(Map.Entry::getKey).toList();
    }

    private AccountView view(long accountId) {
        return events.view(store.account(accountId).orElseThrow());
    }
}

package dev.moim.dues;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Text;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.file.AttachmentService;
import dev.moim.ledger.Account;
import dev.moim.ledger.Confirmations;
import dev.moim.ledger.Ledger;
import dev.moim.ledger.Posting;
import dev.moim.ledger.PostingKind;
import dev.moim.ledger.Transfer;
import dev.moim.common.Futures;
import dev.moim.room.ChatMessage;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.user.UserDirectory;
import dev.moim.view.MessageType;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Service;

/**
 * Money spent from a group account: posted to OUTSIDE (kind EXPENSE, reference {@code expense:<id>}) and announced
 * in the room by a SYSTEM message EXPENSE, in one transaction on the room writer. The receipt photo is an upload to
 * the room, taken by that message the way a photo message takes its upload, so members see it as they see the room's
 * photos.
 */
@Service
public class ExpenseService {

    static final int MAX_PAGE = 50;

    private final DuesStore store;
    private final DuesService dues;
    private final Ledger ledger;
    private final Confirmations confirmations;
    private final AttachmentService attachments;
    private final RoomDirectory rooms;
    private final RoomWriter writer;
    private final UserDirectory users;
    private final MoimProperties.Dues settings;
    private final Duration writeTimeout;

    ExpenseService(DuesStore store, DuesService dues, Ledger ledger, Confirmations confirmations,
                   AttachmentService attachments, RoomDirectory rooms, RoomWriter writer, UserDirectory users,
                   MoimProperties properties) {
        this.store = store;
        this.dues = dues;
        this.ledger = ledger;
        this.confirmations = confirmations;
        this.attachments = attachments;
        this.rooms = rooms;
        this.writer = writer;
        this.users = users;
        this.settings = properties.dues();
        this.writeTimeout = properties.messages().writeTimeout();
    }

    /** By a manager of the account (owner or treasurer), confirmed with their PIN or password. */
    DuesViews.ExpenseView record(long userId, long roomId, DuesRequests.RecordExpense request, String idempotencyKey) {
        String key = DuesService.key(idempotencyKey);
        if (request == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "amount, purpose and spentBy are required");
        }
        dues.mayManage(userId, roomId);
        Account group = dues.groupAccount(roomId);
        long amount = DuesService.amount(request.amount(), settings.maxAmount());
        String purpose = request.purpose() == null ? "" : request.purpose().strip();
        if (purpose.isEmpty() || purpose.codePointCount(0, purpose.length()) > settings.maxPurposeLength()
                || !Text.isPlain(purpose)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "purpose must be 1 to " + settings.maxPurposeLength()
                    + " characters of plain text");
        }
        if (request.spentBy() == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "spentBy must name the member who spent it");
        }
        long spentBy = request.spentBy();
        var replay = store.expenseByKey(userId, key);
        if (replay.isPresent()) {
            return view(replay.get());
        }
        UUID receipt = request.receiptAttachmentId();
        // Checked now for a clear error; the claim in the message's transaction makes it exact.
        AttachmentService.Carried carried = receipt == null ? null
                : attachments.carried(userId, roomId, MessageType.IMAGE, null, java.util.Collections.singletonList(receipt));
        confirmations.confirm(userId, request.pin(), request.password());
        Account outside = ledger.outside(group.currency());
        long expenseId = Futures.await(writer.run(outbox -> {
            RoomState room = writer.lockRoom(outbox, roomId);
            // The room is locked: a retry racing this one waits here, then finds it.
            var earlier = store.expenseByKey(userId, key);
            if (earlier.isPresent()) {
                return earlier.get().id();
            }
            if (!room.isMember(userId) || !ledger.mayManage(roomId, userId)) {
                throw new MoimException(ErrorCode.NOT_TREASURER, "Only the room's owner or a treasurer may spend its money");
            }
            if (!room.isMember(spentBy)) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "spentBy must be a member of the room");
            }
            long id = store.insertExpense(roomId, group.id(), amount, group.currency(), purpose, spentBy, userId, receipt,
                    key, Times.now());
            Posting posting = ledger.post(new Transfer(group.id(), outside.id(), amount,
                    PostingKind.EXPENSE, purpose, userId, "expense:" + key, "expense:" + id));
            ChatMessage note = writer.appendSystemBy(room, userId, SystemNote.of("EXPENSE", userId, List.of(spentBy)),
                    users.sender(userId).nickname() + " recorded an expense: " + amount + " " + group.currency()
                            + " for " + purpose, outbox);
            if (carried != null) {
                carried.claim().apply(note);
            }
            store.expensePosted(id, posting.id(), note.seq());
            return id;
        }), writeTimeout);
        return view(store.expense(expenseId).orElseThrow());
    }

    /** Newest first; {@code cursor} is the nextCursor of the page before. Members only. */
    DuesViews.ExpensePage list(long userId, long roomId, Long cursor, Integer limit) {
        rooms.member(roomId, userId);
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_PAGE);
        }
        List<DuesStore.Expense> rows = store.expenses(roomId, cursor, size + 1);
        List<DuesViews.ExpenseView> page = rows.stream().limit(size).map(this::view).toList();
        return new DuesViews.ExpensePage(page, rows.size() > size ? page.getLast().id() : null);
    }

    private DuesViews.ExpenseView view(DuesStore.Expense e) {
        return new DuesViews.ExpenseView(e.id(), e.roomId(), e.amount(), e.currency(), e.purpose(),
                users.sender(e.spentBy()), users.sender(e.recordedBy()), e.receiptId(), e.postingId(), e.messageSeq(),
                e.createdAt());
    }
}

package dev.moim.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.Futures;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Text;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.file.AttachmentService;
import dev.moim.room.ChatMessage;
import dev.moim.room.GroupSettings;
import dev.moim.room.MessageStore;
import dev.moim.room.MessageViews;
import dev.moim.room.NoticeStore;
import dev.moim.room.Outbox;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.user.PeerBlocks;
import dev.moim.user.UserDirectory;
import dev.moim.view.Mentions;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.NoticeView;
import dev.moim.view.RoomType;
import dev.moim.view.Sender;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/** Sending, reading, editing and deleting messages; the same rules for REST and STOMP. */
@Service
public class MessageService {

    static final int MAX_CLIENT_MSG_ID = 64;
    static final int MAX_PAGE = 200;

    private final RoomWriter writer;
    private final RoomDirectory rooms;
    private final MessageStore store;
    private final MessageViews views;
    private final NoticeStore notices;
    private final ReactionService reactionsOf;
    private final GroupSettings groupSettings;
    private final AttachmentService attachments;
    private final UserDirectory users;
    private final PeerBlocks blocks;
    private final int maxMentions;
    private final RateLimits rateLimits;
    private final MeterRegistry meters;
    private final int maxContentLength;

    public MessageService(RoomWriter writer, RoomDirectory rooms, MessageStore store, MessageViews views,
                          NoticeStore notices, AttachmentService attachments, UserDirectory users, PeerBlocks blocks,
                          ReactionService reactionsOf, GroupSettings groupSettings, RateLimits rateLimits, MoimProperties properties,
                          MeterRegistry meters) {
        this.reactionsOf = reactionsOf;
        this.groupSettings = groupSettings;
        this.notices = notices;
        this.blocks = blocks;
        this.attachments = attachments;
        this.users = users;
        this.maxMentions = properties.social().maxMentionsPerMessage();
        this.writer = writer;
        this.rooms = rooms;
        this.store = store;
        this.views = views;
        this.rateLimits = rateLimits;
        this.meters = meters;
        this.maxContentLength = properties.messages().maxContentLength();
    }

    /**
     * Checks everything from memory, then queues the message for the next group commit. Every refusal is counted
     * by its code ({@code moim.sends.refused}), whether it comes before the queue or from the writer.
     */
    public CompletableFuture<RoomWriter.SendResult> send(long userId, long roomId, MessageRequests.Send request) {
        CompletableFuture<RoomWriter.SendResult> sent;
        try {
            sent = queue(userId, roomId, request);
        } catch (RuntimeException refused) {
            countRefusal(refused);
            throw refused;
        }
        return sent.whenComplete((result, error) -> {
            if (error != null) {
                countRefusal(error);
            }
        });
    }

    private void countRefusal(Throwable error) {
        Throwable cause = Futures.cause(error);
        String reason = cause instanceof MoimException refusal ? refusal.code().name() : "INTERNAL_ERROR";
        meters.counter("moim.sends.refused", "reason", reason).increment();
    }

    private CompletableFuture<RoomWriter.SendResult> queue(long userId, long roomId, MessageRequests.Send request) {
        if (request == null) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "A message body is required");
        }
        MessageType type = parseType(request.type());
        String content = type.carriesFiles() && (request.content() == null || request.content().isBlank()) ? ""
                : validContent(request.content(), type);
        String clientMsgId = Text.require("clientMsgId", request.clientMsgId());
        if (clientMsgId != null && (clientMsgId.isBlank() || clientMsgId.length() > MAX_CLIENT_MSG_ID)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "clientMsgId must be 1 to " + MAX_CLIENT_MSG_ID + " characters");
        }
        if (request.replyToSeq() != null && request.replyToSeq() < 1) {
            throw new MoimException(ErrorCode.INVALID_SEQ, "replyToSeq must be 1 or more");
        }
        RoomState.Member member = rooms.member(roomId, userId);
        notBlockedInDirect(rooms.room(roomId), userId);
        rateLimits.checkSend(userId);
        Long replyToSeq = request.replyToSeq() == null ? null : answerable(member, roomId, request.replyToSeq());
        AttachmentService.Carried carried = attachments.carried(userId, roomId, type, clientMsgId, request.attachmentIds());
        String meta = carried.meta();
        if (type == MessageType.TEXT && content.indexOf('@') >= 0) {
            List<Long> mentioned = mentioned(rooms.room(roomId), userId, content);
            if (!mentioned.isEmpty()) {
                rateLimits.checkMentions(userId, mentioned.size());
                meta = Mentions.encode(mentioned);
            }
        }
        return writer.send(new RoomWriter.SendCommand(roomId, userId, clientMsgId, type, content, meta, carried.claim(),
                replyToSeq));
    }

    /**
     * The seq a reply answers, once checked: a message the sender sees (after they joined), neither a SYSTEM message
     * nor deleted. Only replies pay for this lookup; the writer reads the original again at the commit for the quote.
     */
    private long answerable(RoomState.Member member, long roomId, long seq) {
        ChatMessage original = store.find(roomId, seq)
                .filter(m -> m.seq() > member.joinedSeq())
                .orElseThrow(() -> new MoimException(ErrorCode.MESSAGE_NOT_FOUND,
                        "There is no message " + seq + " in room " + roomId + " to reply to"));
        if (original.type() == MessageType.SYSTEM) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A system message cannot be replied to");
        }
        if (original.deleted()) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A deleted message cannot be replied to");
        }
        return seq;
    }

    /** In a DIRECT room whose other member blocked the sender, nothing more goes through; the sender is not told why. */
    private void notBlockedInDirect(RoomState room, long senderId) {
        if (room.type() != RoomType.DIRECT) {
            return;
        }
        for (RoomState.Member member : room.members()) {
            if (member.userId() != senderId && blocks.blocks(member.userId(), senderId)) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "You cannot send messages to this person");
            }
        }
    }

    /**
     * The members an {@code @nickname} in the text names, in order, at most {@code max-mentions-per-message}: at each
     * '@' the longest member nickname that follows it and ends the word. Nicknames may hold spaces, so they are
     * matched against the room's members rather than cut at the next space.
     */
    private List<Long> mentioned(RoomState room, long senderId, String content) {
        List<Sender> members = new ArrayList<>();
        for (RoomState.Member member : room.members()) {
            if (member.userId() != senderId) {
                users.find(member.userId()).ifPresent(members::add);
            }
        }
        List<Long> mentioned = new ArrayList<>();
        for (int at = content.indexOf('@'); at >= 0 && mentioned.size() < maxMentions; at = content.indexOf('@', at + 1)) {
            Sender best = null;
            for (Sender member : members) {
                String name = member.nickname();
                int end = at + 1 + name.length();
                if (content.startsWith(name, at + 1) && (end == content.length() || !Character.isLetterOrDigit(content.codePointAt(end)))
                        && (best == null || name.length() > best.nickname().length())) {
                    best = member;
                }
            }
            if (best != null && !mentioned.contains(best.id())) {
                mentioned.add(best.id());
            }
        }
        return mentioned;
    }

    /** Marks the room read up to {@code seq}. Only forward: an older seq is accepted and changes nothing. */
    public CompletableFuture<Void> markRead(long userId, long roomId, Long seq) {
        RoomState.Member member = rooms.member(roomId, userId);
        RoomState room = rooms.room(roomId);
        if (seq == null || seq < 0 || seq > room.lastSeq()) {
            throw new MoimException(ErrorCode.INVALID_SEQ, "seq must be between 0 and the room's last seq (" + room.lastSeq() + ")");
        }
        if (seq <= member.lastReadSeq()) {
            return CompletableFuture.completedFuture(null);
        }
        return writer.read(roomId, userId, seq);
    }

    /**
     * History from the seq the caller joined at. Without {@code afterSeq} it pages backwards from {@code beforeSeq}
     * (or the newest); with it, it catches up forwards, which is how a reconnecting client gets exactly what it missed.
     */
    public MessageRequests.Page history(long userId, long roomId, Long afterSeq, Long beforeSeq, Integer limit) {
        return history(userId, roomId, afterSeq, beforeSeq, null, limit);
    }

    /**
     * With {@code aroundSeq} (a search hit): the page with that seq in its middle, so the client shows it in its
     * context; older and newer pages then follow with beforeSeq and afterSeq as usual.
     */
    public MessageRequests.Page history(long userId, long roomId, Long afterSeq, Long beforeSeq, Long aroundSeq,
                                        Integer limit) {
        RoomState.Member member = rooms.member(roomId, userId);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_PAGE);
        }
        if (aroundSeq != null) {
            if (afterSeq != null || beforeSeq != null) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "aroundSeq cannot be combined with afterSeq or beforeSeq");
            }
            if (aroundSeq < 1) {
                throw new MoimException(ErrorCode.INVALID_SEQ, "aroundSeq must be 1 or more");
            }
            beforeSeq = aroundSeq + size / 2 + 1;
        }
        if ((afterSeq != null && afterSeq < 0) || (beforeSeq != null && beforeSeq < 1)) {
            throw new MoimException(ErrorCode.INVALID_SEQ, "afterSeq must be 0 or more and beforeSeq 1 or more");
        }
        long after = Math.max(afterSeq == null ? 0 : afterSeq, member.joinedSeq());
        long before = Math.min(beforeSeq == null ? Long.MAX_VALUE : beforeSeq, store.lastSeq(roomId) + 1);
        // One row more than the page says whether there is more; seqs have no gaps, so the range is exact.
        List<ChatMessage> rows = afterSeq == null
                ? store.range(roomId, Math.max(after, before - size - 2), before)
                : store.range(roomId, after, after >= before - size - 2 ? before : after + size + 2);
        boolean hasMore = rows.size() > size;
        if (hasMore) {
            rows = afterSeq == null ? rows.subList(1, rows.size()) : rows.subList(0, size);
        }
        RoomState room = rooms.room(roomId);
        List<MessageView> seen = views.views(rows, room).stream().map(v -> v.seenFrom(member.joinedSeq())).toList();
        return new MessageRequests.Page(reactionsOf.withMine(roomId, userId, seen), hasMore);
    }

    /** The sender edits their own text (or a photo's or file's caption, which may be emptied). */
    public CompletableFuture<MessageView> edit(long userId, long roomId, long seq, MessageRequests.Edit request) {
        String requested = request == null ? null : request.content();
        String content = requested != null && requested.isBlank() ? "" : validContent(requested, MessageType.TEXT);
        rooms.member(roomId, userId);
        rateLimits.checkEdit(userId);
        return writer.run(outbox -> {
            // Locked first: from here the room (membership, owner) is as committed, on whichever node.
            writer.lockRoom(outbox, roomId);
            ChatMessage message = visibleMessage(userId, roomId, seq);
            if (message.senderId() == null || message.senderId() != userId) {
                throw new MoimException(ErrorCode.NOT_SENDER, "Only the sender can edit a message");
            }
            if (message.deleted()) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A deleted message cannot be edited");
            }
            if (content.isEmpty() && !message.type().carriesFiles()) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "content must not be empty");
            }
            Instant now = Times.now();
            store.edit(roomId, seq, content, now);
            MessageView view = publishChange(outbox, message.edited(content, now), false);
            // The room's notice shows the pinned message's text, so its holders hear of the edit.
            notices.find(roomId).filter(pinned -> pinned.message().seq() == seq).ifPresent(pinned -> {
                NoticeView notice = views.notice(pinned);
                outbox.room(roomId, () -> new RoomEvent.NoticeEvent(roomId, "edited", notice, userId));
            });
            return view;
        });
    }

    /** The sender, or a group's owner, deletes a message; a tombstone stays in its place for everyone. */
    public CompletableFuture<MessageView> delete(long userId, long roomId, long seq) {
        rooms.member(roomId, userId);
        rateLimits.checkEdit(userId);
        return writer.run(outbox -> {
            // Locked first: from here the room (membership, owner) is as committed, on whichever node.
            writer.lockRoom(outbox, roomId);
            ChatMessage message = visibleMessage(userId, roomId, seq);
            RoomState room = rooms.room(roomId);
            boolean isSender = message.senderId() != null && message.senderId() == userId;
            boolean isOwner = room.type() == RoomType.GROUP && room.ownerId() != null && room.ownerId() == userId;
            if (!isSender && !isOwner) {
                throw new MoimException(ErrorCode.NOT_SENDER, "Only the sender or the room's owner can delete a message");
            }
            if (message.type() == MessageType.SYSTEM) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "System messages cannot be deleted");
            }
            if (message.deleted()) {
                return views.view(message, room);
            }
            Instant now = Times.now();
            store.tombstone(roomId, seq, now);
            if (message.type().carriesFiles()) {
                attachments.release(roomId, seq, now);
                groupSettings.dropLostCover(outbox, room, userId);
            }
            MessageView tombstone = publishChange(outbox, message.tombstone(now), true);
            // A notice stands for its message: deleting the message takes the notice down.
            if (notices.unpinIf(roomId, seq)) {
                outbox.room(roomId, () -> new RoomEvent.NoticeEvent(roomId, "unpinned", null, userId));
            }
            return tombstone;
        });
    }

    private MessageView publishChange(Outbox outbox, ChatMessage changed, boolean deleted) {
        RoomState room = rooms.room(changed.roomId());
        MessageView view = views.view(changed, room);
        outbox.room(changed.roomId(), () -> deleted ? RoomEvent.MessageEvent.deleted(view) : RoomEvent.MessageEvent.edited(view));
        return view;
    }

    private ChatMessage visibleMessage(long userId, long roomId, long seq) {
        RoomState.Member member = rooms.member(roomId, userId);
        return store.find(roomId, seq)
                .filter(m -> m.seq() > member.joinedSeq())
                .orElseThrow(() -> new MoimException(ErrorCode.MESSAGE_NOT_FOUND, "No message " + seq + " in room " + roomId));
    }

    /** A caption may be empty; a text may not. */
    private String validContent(String content, MessageType type) {
        if (content == null || (content.isBlank() && !type.carriesFiles())) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "content must not be empty");
        }
        Text.require("content", content);
        int length = content.codePointCount(0, content.length());
        if (length > maxContentLength) {
            throw new MoimException(ErrorCode.CONTENT_TOO_LONG,
                    "content is " + length + " characters; the limit is " + maxContentLength);
        }
        return content;
    }

    private static MessageType parseType(String type) {
        if (type == null) {
            return MessageType.TEXT;
        }
        return switch (type) {
            case "TEXT" -> MessageType.TEXT;
            case "IMAGE" -> MessageType.IMAGE;
            case "FILE" -> MessageType.FILE;
            default -> throw new MoimException(ErrorCode.VALIDATION_FAILED, "type must be TEXT, IMAGE or FILE");
        };
    }
}

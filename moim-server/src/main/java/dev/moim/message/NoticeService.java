package dev.moim.message;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.room.ChatMessage;
import dev.moim.room.MessageStore;
import dev.moim.room.MessageViews;
import dev.moim.room.NoticeStore;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.user.UserDirectory;
import dev.moim.view.MessageType;
import dev.moim.view.NoticeView;
import dev.moim.view.RoomType;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Service;

/**
 * The room's pinned notice (공지): one per room, pinned and unpinned on the room writer, so the change is ordered
 * with the room's messages, written with its SYSTEM message in one transaction and announced to every node as part
 * of the room's commit. Members see the notice only when it is a message they see (sent after they joined).
 */
@Service
public class NoticeService {

    private final RoomWriter writer;
    private final RoomDirectory rooms;
    private final MessageStore messages;
    private final NoticeStore notices;
    private final MessageViews views;
    private final UserDirectory users;
    private final RateLimits rateLimits;

    public NoticeService(RoomWriter writer, RoomDirectory rooms, MessageStore messages, NoticeStore notices,
                         MessageViews views, UserDirectory users, RateLimits rateLimits) {
        this.writer = writer;
        this.rooms = rooms;
        this.messages = messages;
        this.notices = notices;
        this.views = views;
        this.users = users;
        this.rateLimits = rateLimits;
    }

    /**
     * Who may pin or unpin the room's notice: in a GROUP its owner and managers; in a DIRECT room, which has no
     * owner, either person.
     */
    static boolean mayPin(RoomState room, long userId) {
        if (room.type() == RoomType.DIRECT) {
            return room.isMember(userId);
        }
        return room.canManage(userId);
    }

    /** The notice as the caller may see it, or NOTICE_NOT_FOUND. */
    public NoticeView get(long userId, long roomId) {
        RoomState.Member member = rooms.member(roomId, userId);
        return notices.find(roomId)
                .filter(pinned -> pinned.message().seq() > member.joinedSeq())
                .map(views::notice)
                .orElseThrow(() -> new MoimException(ErrorCode.NOTICE_NOT_FOUND, "Room " + roomId + " has no notice"));
    }

    /** Pins a message, replacing the notice there was; pinning the one already pinned changes nothing. */
    public CompletableFuture<NoticeView> pin(long userId, long roomId, NoticeRequests.Pin request) {
        if (request == null || request.seq() == null || request.seq() < 1) {
            throw new MoimException(ErrorCode.INVALID_SEQ, "seq must name a message (1 or more)");
        }
        long seq = request.seq();
        rooms.member(roomId, userId);
        rateLimits.checkEdit(userId);
        return writer.run(outbox -> {
            // Locked first: from here the room (membership, owner) is as committed, on whichever node.
            RoomState room = writer.lockRoom(outbox, roomId);
            RoomState.Member member = mayChange(room, userId);
            ChatMessage message = messages.find(roomId, seq)
                    .filter(m -> m.seq() > member.joinedSeq())
                    .orElseThrow(() -> new MoimException(ErrorCode.MESSAGE_NOT_FOUND, "No message " + seq + " in room " + roomId));
            if (message.type() == MessageType.SYSTEM) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A system message cannot be pinned");
            }
            if (message.deleted()) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A deleted message cannot be pinned");
            }
            Optional<NoticeStore.Pinned> current = notices.find(roomId);
            if (current.isPresent() && current.get().message().seq() == seq) {
                return views.notice(current.get());
            }
            Instant now = Times.now();
            notices.pin(roomId, seq, userId, now);
            NoticeView notice = views.notice(new NoticeStore.Pinned(roomId, userId, now, message));
            outbox.room(roomId, () -> new RoomEvent.NoticeEvent(roomId, "pinned", notice, userId));
            writer.appendSystemBy(room, userId, SystemNote.about("NOTICE_PINNED", userId, seq),
                    users.sender(userId).nickname() + " pinned a notice", outbox);
            return notice;
        });
    }

    /** Takes the notice down; with none pinned it changes nothing. */
    public CompletableFuture<Void> unpin(long userId, long roomId) {
        rooms.member(roomId, userId);
        rateLimits.checkEdit(userId);
        return writer.run(outbox -> {
            mayChange(writer.lockRoom(outbox, roomId), userId);
            if (notices.unpin(roomId)) {
                outbox.room(roomId, () -> new RoomEvent.NoticeEvent(roomId, "unpinned", null, userId));
            }
            return null;
        });
    }

    private static RoomState.Member mayChange(RoomState room, long userId) {
        RoomState.Member member = room.member(userId);
        if (member == null) {
            throw new MoimException(ErrorCode.NOT_A_MEMBER, "You are not a member of room " + room.id());
        }
        if (!mayPin(room, userId)) {
            throw new MoimException(ErrorCode.NOT_MANAGER, "Only the room's owner or managers can pin or unpin its notice");
        }
        return member;
    }
}

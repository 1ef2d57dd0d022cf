package dev.moim.bus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.moim.view.AccountView;
import dev.moim.view.MessageView;
import dev.moim.view.NoticeView;
import dev.moim.view.RoomSettings;

/**
 * What subscribers of {@code /topic/rooms/{roomId}} receive. Every event names its {@code type};
 * docs/protocol.md describes each one. The same JSON crosses the bus between nodes, and {@code type} tells
 * {@link EventCodec} which record to read it back as.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = RoomEvent.MessageEvent.class, names = {"message", "message_edited", "message_deleted"}),
        @JsonSubTypes.Type(value = RoomEvent.ReadEvent.class, name = "read"),
        @JsonSubTypes.Type(value = RoomEvent.MembersEvent.class, name = "members"),
        @JsonSubTypes.Type(value = RoomEvent.PresenceEvent.class, name = "presence"),
        @JsonSubTypes.Type(value = RoomEvent.TypingEvent.class, name = "typing"),
        @JsonSubTypes.Type(value = RoomEvent.ResyncEvent.class, name = "resync"),
        @JsonSubTypes.Type(value = RoomEvent.ReactionsEvent.class, name = "reactions"),
        @JsonSubTypes.Type(value = RoomEvent.NoticeEvent.class, name = "notice"),
        @JsonSubTypes.Type(value = RoomEvent.RoomUpdated.class, name = "room_updated"),
        @JsonSubTypes.Type(value = RoomEvent.AccountEvent.class, name = "account"),
        @JsonSubTypes.Type(value = RoomEvent.DuesEvent.class, name = "dues")})
public sealed interface RoomEvent {

    long roomId();

    String type();

    /**
     * The seq of the message the event is about, or -1 when it is about none: only members who joined before that
     * message receive the event, as only they see the message.
     */
    @JsonIgnore
    default long aboutSeq() {
        return -1;
    }

    /**
     * A new message ({@code message}), an edit ({@code message_edited}) or a deletion ({@code message_deleted}).
     * A member's new message also means they have read the room up to it: {@code senderReadFrom} is where their read
     * position was before, so every message in (senderReadFrom, seq] not sent by them has one reader fewer
     * outstanding, as a read event would say. Null when the event is not a member's new message.
     */
    record MessageEvent(String type, long roomId, MessageView message, Long senderReadFrom) implements RoomEvent {
        @Override
        @JsonIgnore
        public long aboutSeq() {
            return message.seq();
        }

        /** A message with no read position to move (a system message). */
        public static MessageEvent posted(MessageView message) {
            return new MessageEvent("message", message.roomId(), message, null);
        }

        public static MessageEvent posted(MessageView message, long senderReadFrom) {
            return new MessageEvent("message", message.roomId(), message, senderReadFrom);
        }

        public static MessageEvent edited(MessageView message) {
            return new MessageEvent("message_edited", message.roomId(), message, null);
        }

        public static MessageEvent deleted(MessageView message) {
            return new MessageEvent("message_deleted", message.roomId(), message, null);
        }
    }

    /**
     * A member's read position moved from {@code fromSeq} to {@code seq}: every message in (fromSeq, seq] not sent
     * by that member has one reader fewer outstanding. One event, whatever the number of messages it covers.
     */
    record ReadEvent(String type, long roomId, long userId, long fromSeq, long seq) implements RoomEvent {
        public ReadEvent(long roomId, long userId, long fromSeq, long seq) {
            this("read", roomId, userId, fromSeq, seq);
        }
    }

    /**
     * Membership changed: {@code change} is joined, left, kicked (also when banned), owner_changed, manager_added or
     * manager_removed.
     */
    record MembersEvent(String type, long roomId, String change, List<Long> userIds, Long ownerId) implements RoomEvent {
        public MembersEvent(long roomId, String change, List<Long> userIds, Long ownerId) {
            this("members", roomId, change, userIds, ownerId);
        }
    }

    /**
     * Members came online or went offline (all of their sessions closed), as of the latest batch: each member at
     * most once, with their latest state. Delivered to the room's live topic, or in a DIRECT room to its topic.
     */
    record PresenceEvent(String type, long roomId, List<PresenceChange> users) implements RoomEvent {
        public PresenceEvent(long roomId, List<PresenceChange> users) {
            this("presence", roomId, List.copyOf(users));
        }
    }

    /** One member's presence: {@code lastSeenAt} is null while online. */
    record PresenceChange(long userId, boolean online, Instant lastSeenAt) {
    }

    /** A member started or stopped typing. Not stored; delivered to the room's live topic only. */
    record TypingEvent(String type, long roomId, long userId, String nickname, boolean typing) implements RoomEvent {
        public TypingEvent(long roomId, long userId, String nickname, boolean typing) {
            this("typing", roomId, userId, nickname, typing);
        }
    }

    /**
     * Some of the room's changes did not reach this server (in cluster mode, when Redis dropped them): what a
     * client shows of the room may be stale. It fetches the room and the messages after the last seq it has, then
     * goes on with the events that follow. Delivered only to the room's subscribers on that server.
     */
    record ResyncEvent(String type, long roomId) implements RoomEvent {
        public ResyncEvent(long roomId) {
            this("resync", roomId);
        }
    }

    /**
     * Someone added ({@code added}) or removed their {@code emoji} on the message at {@code seq}; {@code counts} is
     * every emoji's count on it after the change (an emoji nobody uses any more is left out).
     */
    record ReactionsEvent(String type, long roomId, long seq, Map<String, Integer> counts, long userId, String emoji,
                          boolean added) implements RoomEvent {
        public ReactionsEvent(long roomId, long seq, Map<String, Integer> counts, long userId, String emoji, boolean added) {
            // In the order of the room's reaction set, as the message view lists them.
            this("reactions", roomId, seq, Collections.unmodifiableMap(new LinkedHashMap<>(counts)), userId, emoji, added);
        }

        @Override
        @JsonIgnore
        public long aboutSeq() {
            return seq;
        }
    }

    /**
     * The room's pinned notice changed: {@code change} is pinned, unpinned or edited (the pinned message was edited);
     * {@code notice} is the notice now, null once unpinned. {@code actorId} made the change. A message's deletion
     * unpins it (change unpinned, by whoever deleted it).
     */
    record NoticeEvent(String type, long roomId, String change, NoticeView notice, long actorId) implements RoomEvent {
        public NoticeEvent(long roomId, String change, NoticeView notice, long actorId) {
            this("notice", roomId, change, notice, actorId);
        }

        @Override
        @JsonIgnore
        public long aboutSeq() {
            return notice == null ? -1 : notice.seq();
        }
    }

    /**
     * A GROUP's settings changed (name, description, tags, cover, join policy, password, member limit): {@code room}
     * holds them all as they are now, {@code changed} names the ones this change touched, {@code actorId} made it.
     */
    record RoomUpdated(String type, long roomId, RoomSettings room, List<String> changed, long actorId) implements RoomEvent {
        public RoomUpdated(long roomId, RoomSettings room, List<String> changed, long actorId) {
            this("room_updated", roomId, room, List.copyOf(changed), actorId);
        }
    }

    /** The room's group account changed (opened, or its balance moved): {@code account} is the account as it is now. */
    record AccountEvent(String type, long roomId, AccountView account) implements RoomEvent {
        public AccountEvent(long roomId, AccountView account) {
            this("account", roomId, account);
        }
    }

    /**
     * A member's dues for the period that starts on {@code periodStart} (an ISO date) were paid, by them or by
     * autopay: "who paid this period" changes live. Not stored as a message; the group account's balance changes
     * with it (the ledger's {@code account} event).
     */
    record DuesEvent(String type, long roomId, String periodStart, long userId, boolean paid) implements RoomEvent {
        public DuesEvent(long roomId, String periodStart, long userId, boolean paid) {
            this("dues", roomId, periodStart, userId, paid);
        }
    }
}

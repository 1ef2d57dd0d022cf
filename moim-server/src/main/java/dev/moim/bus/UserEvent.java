package dev.moim.bus;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.moim.view.AccountView;
import dev.moim.view.NotificationView;
import dev.moim.view.RoomSummary;
import dev.moim.view.Sender;

/** What a user's sessions receive on {@code /user/queue/events}; {@code type} names each, as in {@link RoomEvent}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = UserEvent.RoomAdded.class, name = "room_added"),
        @JsonSubTypes.Type(value = UserEvent.RoomRemoved.class, name = "room_removed"),
        @JsonSubTypes.Type(value = UserEvent.ErrorEvent.class, name = "error"),
        @JsonSubTypes.Type(value = UserEvent.NotificationEvent.class, name = "notification"),
        @JsonSubTypes.Type(value = UserEvent.NotificationsRead.class, name = "notifications_read"),
        @JsonSubTypes.Type(value = UserEvent.FriendEvent.class, name = "friend"),
        @JsonSubTypes.Type(value = UserEvent.FriendsPresence.class, name = "friends_presence"),
        @JsonSubTypes.Type(value = UserEvent.ApplicationEvent.class, name = "application"),
        @JsonSubTypes.Type(value = UserEvent.WalletEvent.class, name = "wallet")})
public sealed interface UserEvent {

    String type();

    /** The user was added to a room (created with them, or invited): subscribe to its topic. */
    record RoomAdded(String type, RoomSummary room) implements UserEvent {
        public RoomAdded(RoomSummary room) {
            this("room_added", room);
        }
    }

    /** The user is no longer in the room: {@code reason} is left, kicked or banned. */
    record RoomRemoved(String type, long roomId, String reason) implements UserEvent {
        public RoomRemoved(long roomId, String reason) {
            this("room_removed", roomId, reason);
        }
    }

    /**
     * A frame this session sent was refused. {@code receiptId} and {@code clientMsgId} echo the refused frame's,
     * so a client can match the error to what it sent; nothing was stored.
     */
    record ErrorEvent(String type, String code, String message, String destination, String receiptId,
                      String clientMsgId) implements UserEvent {
        public ErrorEvent(String code, String message, String destination, String receiptId, String clientMsgId) {
            this("error", code, message, destination, receiptId, clientMsgId);
        }
    }

    /** A new notification; {@code unreadCount} is the badge after it. */
    record NotificationEvent(String type, NotificationView notification, long unreadCount) implements UserEvent {
        public NotificationEvent(NotificationView notification, long unreadCount) {
            this("notification", notification, unreadCount);
        }
    }

    /** Notifications were marked read on some device: {@code id} that one, or null for all; the badge after it. */
    record NotificationsRead(String type, Long id, long unreadCount) implements UserEvent {
        public NotificationsRead(Long id, long unreadCount) {
            this("notifications_read", id, unreadCount);
        }
    }

    /**
     * A change in the user's friends: {@code change} is request_received, request_sent, request_cancelled,
     * request_declined, added, removed, blocked or unblocked; {@code user} is the other person.
     */
    record FriendEvent(String type, String change, Sender user) implements UserEvent {
        public FriendEvent(String change, Sender user) {
            this("friend", change, user);
        }
    }

    /** Friends who came online or went offline (each in their latest state). */
    record FriendsPresence(String type, List<RoomEvent.PresenceChange> users) implements UserEvent {
        public FriendsPresence(List<RoomEvent.PresenceChange> users) {
            this("friends_presence", users);
        }
    }

    /**
     * An application to join a REQUEST room moved: {@code change} is submitted, withdrawn, approved, refused or
     * closed (the room stopped taking applications). Told to the applicant ({@code applicant}) and to the room's
     * owner and managers; {@code by} decided it (approved, refused, closed), null otherwise. An approval is followed by room_added for the applicant.
     */
    record ApplicationEvent(String type, String change, long roomId, String roomName, Sender applicant, String note,
                            Instant createdAt, Sender by) implements UserEvent {
        public ApplicationEvent(String change, long roomId, String roomName, Sender applicant, String note,
                                Instant createdAt, Sender by) {
            this("application", change, roomId, roomName, applicant, note, createdAt, by);
        }
    }

    /** The user's wallet changed (its balance, its PIN, its closing): {@code account} is the wallet as it is now. */
    record WalletEvent(String type, AccountView account) implements UserEvent {
        public WalletEvent(AccountView account) {
            this("wallet", account);
        }
    }
}

package dev.moim.bus;

import dev.moim.room.RoomViews;

/** What a user's sessions receive on {@code /user/queue/events}. */
public sealed interface UserEvent {

    String type();

    /** The user was added to a room (created with them, or invited): subscribe to its topic. */
    record RoomAdded(String type, RoomViews.Summary room) implements UserEvent {
        public RoomAdded(RoomViews.Summary room) {
            this("room_added", room);
        }
    }

    /** The user is no longer in the room: {@code reason} is left or kicked. */
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
}

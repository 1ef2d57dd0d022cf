package dev.moim.bus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.moim.view.RoomSummary;

/** What a user's sessions receive on {@code /user/queue/events}; {@code type} names each, as in {@link RoomEvent}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = UserEvent.RoomAdded.class, name = "room_added"),
        @JsonSubTypes.Type(value = UserEvent.RoomRemoved.class, name = "room_removed"),
        @JsonSubTypes.Type(value = UserEvent.ErrorEvent.class, name = "error")})
public sealed interface UserEvent {

    String type();

    /** The user was added to a room (created with them, or invited): subscribe to its topic. */
    record RoomAdded(String type, RoomSummary room) implements UserEvent {
        public RoomAdded(RoomSummary room) {
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

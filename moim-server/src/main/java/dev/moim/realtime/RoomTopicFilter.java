package dev.moim.realtime;

import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * The last check before a room event leaves for a socket: a member who was kicked or left stops receiving the
 * room at once, even if their client never unsubscribes, and an event about a message (its edit or deletion) reaches
 * only members who joined before that message, as history does. Two map lookups per recipient, no I/O.
 */
@Component
public class RoomTopicFilter implements ChannelInterceptor {

    /** Internal header (never written to the wire) with the seq of the message a room event carries. */
    static final String MESSAGE_SEQ = "moim.messageSeq";
    private static final String ROOM_PREFIX = "/topic/rooms/";

    private final SocketSessions sessions;
    private final RoomDirectory rooms;

    public RoomTopicFilter(SocketSessions sessions, RoomDirectory rooms) {
        this.sessions = sessions;
        this.rooms = rooms;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
            return message;
        }
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        if (destination == null || !destination.startsWith(ROOM_PREFIX)) {
            return message;
        }
        Long userId = sessions.userOf(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
        if (userId == null) {
            return null;
        }
        long roomId;
        try {
            roomId = Long.parseLong(destination, ROOM_PREFIX.length(), destination.length(), 10);
        } catch (NumberFormatException e) {
            return null;
        }
        RoomState.Member member = rooms.findMember(roomId, userId).orElse(null);
        if (member == null) {
            return null;
        }
        return message.getHeaders().get(MESSAGE_SEQ) instanceof Long seq && seq <= member.joinedSeq() ? null : message;
    }
}

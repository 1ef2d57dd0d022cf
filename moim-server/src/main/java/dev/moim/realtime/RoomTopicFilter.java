package dev.moim.realtime;

import dev.moim.room.RoomDirectory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * The last check before a room event leaves for a socket: a member who was kicked or left stops receiving the
 * room at once, even if their client never unsubscribes. Two map lookups per recipient, no I/O.
 */
@Component
public class RoomTopicFilter implements ChannelInterceptor {

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
        try {
            long roomId = Long.parseLong(destination, ROOM_PREFIX.length(), destination.length(), 10);
            return userId != null && rooms.isMember(roomId, userId) ? message : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

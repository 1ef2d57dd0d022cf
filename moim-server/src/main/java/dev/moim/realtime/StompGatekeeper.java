package dev.moim.realtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.moim.auth.AccessTokens;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.room.RoomDirectory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Checks every inbound frame before Spring routes it: CONNECT must carry a valid access token; SUBSCRIBE is
 * allowed to a room's topic for its members and to the user's own event queue; SEND only to the application's
 * destinations (never straight to a topic). A refused SUBSCRIBE or SEND is dropped and answered with an error
 * event; a refused CONNECT gets an ERROR frame.
 */
@Component
public class StompGatekeeper implements ChannelInterceptor {

    static final Pattern ROOM_TOPIC = Pattern.compile("^/topic/rooms/(\\d{1,18})$");
    private static final Pattern APP_DESTINATION = Pattern.compile("^/app/rooms/\\d{1,18}/(messages|read|typing)$");

    private final AccessTokens tokens;
    private final SocketSessions sessions;
    private final RoomDirectory rooms;
    private final StompRelay relay;

    public StompGatekeeper(AccessTokens tokens, SocketSessions sessions, RoomDirectory rooms, StompRelay relay) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.rooms = rooms;
        this.relay = relay;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getCommand() == null) {
            return message;
        }
        StompCommand command = accessor.getCommand();
        String sessionId = accessor.getSessionId();
        if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
            accessor.setUser(authenticate(accessor, sessionId));
            return message;
        }
        if (command != StompCommand.SUBSCRIBE && command != StompCommand.SEND) {
            return message;
        }
        Long userId = sessions.userOf(sessionId);
        if (userId == null) {
            throw new MoimException(ErrorCode.UNAUTHENTICATED, "CONNECT first");
        }
        if (sessions.expired(sessionId)) {
            sessions.expire(sessionId);
            return null;
        }
        String destination = accessor.getDestination() == null ? "" : accessor.getDestination();
        if (command == StompCommand.SUBSCRIBE) {
            return allowSubscribe(destination, userId) ? message : refuse(accessor, userId, destination);
        }
        if (!APP_DESTINATION.matcher(destination).matches()) {
            return refuse(accessor, userId, destination);
        }
        return message;
    }

    private StompPrincipal authenticate(StompHeaderAccessor accessor, String sessionId) {
        String header = accessor.getFirstNativeHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MoimException(ErrorCode.UNAUTHENTICATED, "CONNECT needs the header Authorization: Bearer <accessToken>");
        }
        AccessTokens.Verified verified = tokens.verify(header.substring(7).trim());
        sessions.opened(sessionId, verified.userId(), verified.expiresAt());
        return new StompPrincipal(verified.userId());
    }

    private boolean allowSubscribe(String destination, long userId) {
        if (destination.equals("/user" + StompRelay.USER_EVENTS)) {
            return true;
        }
        Matcher room = ROOM_TOPIC.matcher(destination);
        return room.matches() && rooms.isMember(Long.parseLong(room.group(1)), userId);
    }

    private Message<?> refuse(StompHeaderAccessor accessor, long userId, String destination) {
        boolean roomTopic = ROOM_TOPIC.matcher(destination).matches();
        ErrorCode code = roomTopic ? ErrorCode.NOT_A_MEMBER : ErrorCode.NOT_FOUND;
        String text = roomTopic ? "You are not a member of this room" : "No such destination: " + destination;
        relay.sendError(accessor.getSessionId(), userId,
                new UserEvent.ErrorEvent(code.name(), text, destination, accessor.getReceipt(), null));
        return null;
    }
}

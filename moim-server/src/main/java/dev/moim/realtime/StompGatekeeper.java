package dev.moim.realtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.moim.auth.AccessTokens;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.room.RoomDirectory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Checks every inbound frame before Spring routes it: CONNECT must carry a valid access token; SUBSCRIBE is
 * allowed to a room's topic for its members and to the user's own event queue; SEND only to the application's
 * destinations (never straight to a topic). A refused SUBSCRIBE or SEND is dropped and answered with an error
 * event; a refused CONNECT gets an ERROR frame.
 *
 * <p>A SUBSCRIBE that asks for a receipt gets its RECEIPT once every handler has registered it, so a client can
 * subscribe, wait for the receipt, then catch up with {@code afterSeq} and know nothing fell in between.
 */
@Component
public class StompGatekeeper implements ExecutorChannelInterceptor {

    private static final String HANDLED_COUNT = "moim.handledCount";

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
            // Answered here rather than thrown: with ordered delivery Spring would swallow the exception.
            try {
                accessor.setUser(authenticate(accessor, sessionId));
                return message;
            } catch (MoimException refused) {
                sessions.end(sessionId, refused.code(), refused.getMessage());
                return null;
            }
        }
        if (command != StompCommand.SUBSCRIBE && command != StompCommand.SEND) {
            return message;
        }
        Long userId = sessions.userOf(sessionId);
        if (userId == null) {
            sessions.end(sessionId, ErrorCode.UNAUTHENTICATED, "CONNECT first");
            return null;
        }
        if (sessions.expired(sessionId)) {
            sessions.expire(sessionId);
            return null;
        }
        String destination = accessor.getDestination() == null ? "" : accessor.getDestination();
        if (command == StompCommand.SUBSCRIBE) {
            if (!allowSubscribe(destination, userId)) {
                return ROOM_TOPIC.matcher(destination).matches()
                        ? refuse(accessor, userId, ErrorCode.NOT_A_MEMBER, "You are not a member of this room")
                        : refuse(accessor, userId, ErrorCode.NOT_FOUND, "No such destination: " + destination);
            }
            if (accessor.getReceipt() != null && accessor.isMutable()) {
                accessor.setHeader(HANDLED_COUNT, new AtomicInteger());
            }
            return message;
        }
        if (!APP_DESTINATION.matcher(destination).matches()) {
            return refuse(accessor, userId, ErrorCode.FORBIDDEN,
                    "Clients send only to /app/rooms/{roomId}/messages, /read or /typing");
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (!(message.getHeaders().get(HANDLED_COUNT) instanceof AtomicInteger handled)) {
            return;
        }
        int handlers = channel instanceof ExecutorSubscribableChannel subscribable ? subscribable.getSubscribers().size() : 1;
        if (handled.incrementAndGet() == handlers) {
            StompHeaderAccessor accessor = StompHeaderAccessor.wrap(message);
            relay.sendReceipt(accessor.getSessionId(), accessor.getReceipt(), null);
        }
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

    private Message<?> refuse(StompHeaderAccessor accessor, long userId, ErrorCode code, String text) {
        relay.sendError(accessor.getSessionId(), userId,
                new UserEvent.ErrorEvent(code.name(), text, accessor.getDestination(), accessor.getReceipt(), null));
        return null;
    }
}

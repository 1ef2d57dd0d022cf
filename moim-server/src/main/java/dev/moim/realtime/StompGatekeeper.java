package dev.moim.realtime;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.moim.auth.AccessTokens;
import dev.moim.auth.RevokedSessions;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.room.RoomDirectory;
import dev.moim.user.VerifiedEmails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Checks every inbound frame before Spring routes it. Only the frames a client sends may pass: CONNECT (or STOMP),
 * SUBSCRIBE, UNSUBSCRIBE, SEND, ACK/NACK, DISCONNECT and heart-beats. Any other command (MESSAGE, RECEIPT, ERROR,
 * CONNECTED) would be relayed by the broker as if the server had sent it, so it ends the session with an ERROR frame.
 *
 * <p>CONNECT must carry a valid access token and ask for STOMP 1.1 or 1.2; SUBSCRIBE is allowed to a room's topics
 * ({@code /topic/rooms/{id}} and its {@code /live}) for its members and to the user's own event queue, once per
 * destination and up to the session's cap; SEND only to a room's destinations (never straight to a topic), which
 * {@link RoomCommands} handles right here. A refused SUBSCRIBE or SEND is dropped and answered with an error event;
 * a refused CONNECT gets an ERROR frame. Moim uses no client acknowledgements: ACK and NACK change nothing (they are
 * answered with a RECEIPT when they ask for one).
 *
 * <p>A SUBSCRIBE that asks for a receipt gets its RECEIPT once every handler has registered it, so a client can
 * subscribe, wait for the receipt, then catch up with {@code afterSeq} and know nothing fell in between.
 */
@Component
public class StompGatekeeper implements ExecutorChannelInterceptor {

    private static final Logger log = LoggerFactory.getLogger(StompGatekeeper.class);
    private static final String HANDLED_COUNT = "moim.handledCount";
    private static final String AUTHORIZATION = "Authorization";
    private static final Set<String> VERSIONS = Set.of("1.1", "1.2");

    private static final Pattern APP_DESTINATION = Pattern.compile("^/app/rooms/(\\d{1,18})/(messages|read|typing)$");

    private final AccessTokens tokens;
    private final RevokedSessions revoked;
    private final SocketSessions sessions;
    private final RoomDirectory rooms;
    private final StompRelay relay;
    private final RoomSubscriptions roomSubscriptions;
    private final RoomCommands commands;
    private final VerifiedEmails verifiedEmails;

    StompGatekeeper(AccessTokens tokens, RevokedSessions revoked, SocketSessions sessions, RoomDirectory rooms,
                    StompRelay relay, RoomSubscriptions roomSubscriptions, RoomCommands commands,
                    VerifiedEmails verifiedEmails) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.sessions = sessions;
        this.rooms = rooms;
        this.relay = relay;
        this.roomSubscriptions = roomSubscriptions;
        this.commands = commands;
        this.verifiedEmails = verifiedEmails;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null) {
            return message;
        }
        String sessionId = accessor.getSessionId();
        StompCommand command = accessor.getCommand();
        if (command == null) {
            return accessor.isHeartbeat() ? message : refuseFrame(sessionId, "A frame needs a command");
        }
        return switch (command) {
            case CONNECT, STOMP -> connect(message, accessor);
            case DISCONNECT -> message;
            case SUBSCRIBE, UNSUBSCRIBE, SEND, ACK, NACK -> connectedFrame(message, accessor, command);
            default -> refuseFrame(sessionId, "Clients may not send " + command + " frames");
        };
    }

    private Message<?> connect(Message<?> message, StompHeaderAccessor accessor) {
        String sessionId = accessor.getSessionId();
        String authorization = accessor.getFirstNativeHeader(AUTHORIZATION);
        // The credential goes no further: not into the broker's copy of the CONNECT, nor into any log of the frame.
        if (accessor.isMutable()) {
            accessor.removeNativeHeader(AUTHORIZATION);
        }
        // One user per connection: a second CONNECT would leave the first user's session behind, beyond the reach
        // of log-out, the session cap and the subscription checks (the broker itself ignores it silently).
        if (sessions.userOf(sessionId) != null) {
            sessions.end(sessionId, ErrorCode.FORBIDDEN, "This connection is already connected");
            return null;
        }
        // Answered here rather than thrown: with ordered delivery Spring would swallow the exception (and log the frame).
        try {
            Set<String> versions = accessor.getAcceptVersion();
            if (!versions.isEmpty() && versions.stream().noneMatch(VERSIONS::contains)) {
                throw new MoimException(ErrorCode.MALFORMED_REQUEST, "Moim speaks STOMP 1.2 (and 1.1); accept-version has neither");
            }
            accessor.setUser(authenticate(authorization, sessionId));
            return message;
        } catch (MoimException refused) {
            sessions.end(sessionId, refused.code(), refused.getMessage());
            return null;
        } catch (RuntimeException unexpected) {
            // Safe to log: the token was taken out of the frame above, and verify() never quotes it.
            log.error("CONNECT failed in session {}", sessionId, unexpected);
            sessions.end(sessionId, ErrorCode.INTERNAL_ERROR, "Something went wrong on the server");
            return null;
        }
    }

    private Message<?> connectedFrame(Message<?> message, StompHeaderAccessor accessor, StompCommand command) {
        String sessionId = accessor.getSessionId();
        Long userId = sessions.userOf(sessionId);
        if (userId == null) {
            sessions.end(sessionId, ErrorCode.UNAUTHENTICATED, "CONNECT first");
            return null;
        }
        if (sessions.ending(sessionId)) {
            return null;
        }
        if (sessions.expired(sessionId)) {
            sessions.expire(sessionId);
            return null;
        }
        return switch (command) {
            case SUBSCRIBE -> subscribe(message, accessor, userId);
            case UNSUBSCRIBE -> {
                String destination = sessions.unsubscribe(sessionId, accessor.getSubscriptionId());
                if (destination != null) {
                    roomSubscriptions.removeDestination(destination, sessionId);
                }
                // Nothing after this frame reaches the subscription; the simple broker sends no receipt of its own.
                if (accessor.getReceipt() != null) {
                    relay.sendReceipt(sessionId, accessor.getReceipt(), null);
                }
                yield message;
            }
            case SEND -> {
                Matcher room = APP_DESTINATION.matcher(destination(accessor));
                if (!room.matches()) {
                    yield refuse(accessor, userId, ErrorCode.FORBIDDEN,
                            "Clients send only to /app/rooms/{roomId}/messages, /read or /typing");
                }
                // Handled here and now, and no further: Spring's brokers and handlers have nothing to add to it.
                commands.handle(accessor, userId, Long.parseLong(room.group(1)), room.group(2),
                        message.getPayload() instanceof byte[] body ? body : null);
                yield null;
            }
            default -> {
                // ACK or NACK: every subscription is auto-acknowledged, so there is nothing to do.
                if (accessor.getReceipt() != null) {
                    relay.sendReceipt(sessionId, accessor.getReceipt(), null);
                }
                yield null;
            }
        };
    }

    private Message<?> subscribe(Message<?> message, StompHeaderAccessor accessor, long userId) {
        String destination = destination(accessor);
        RoomSubscriptions.Target room = RoomSubscriptions.Target.parse(destination);
        boolean userEvents = destination.equals(StompRelay.USER_DESTINATION);
        if (room == null && !userEvents) {
            return refuse(accessor, userId, ErrorCode.NOT_FOUND, "No such destination: " + destination);
        }
        if (room != null && !rooms.admits(room.roomId(), userId)) {
            return refuse(accessor, userId, ErrorCode.NOT_A_MEMBER, "You are not a member of this room");
        }
        try {
            sessions.subscribe(accessor.getSessionId(), accessor.getSubscriptionId(), destination);
        } catch (MoimException refused) {
            return refuse(accessor, userId, refused.code(), refused.getMessage());
        }
        if (room != null) {
            // Room topics are delivered by Moim itself (StompRelay), not by the simple broker: registered here,
            // the subscription is live once this returns, so the receipt can go at once.
            roomSubscriptions.add(room, accessor.getSessionId(), userId, accessor.getSubscriptionId());
            // A socket that closed meanwhile has had its subscriptions cleared already: take this one back too.
            if (sessions.userOf(accessor.getSessionId()) == null) {
                roomSubscriptions.remove(room, accessor.getSessionId());
                return null;
            }
            if (accessor.getReceipt() != null) {
                relay.sendReceipt(accessor.getSessionId(), accessor.getReceipt(), null);
            }
            return null;
        }
        if (accessor.getReceipt() != null && accessor.isMutable()) {
            accessor.setHeader(HANDLED_COUNT, new AtomicInteger());
        }
        return message;
    }

    /** A frame no client may send: the session ends, so a misbehaving client cannot go on probing. */
    private Message<?> refuseFrame(String sessionId, String text) {
        sessions.end(sessionId, ErrorCode.FORBIDDEN, text);
        return null;
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

    private StompPrincipal authenticate(String header, String sessionId) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MoimException(ErrorCode.UNAUTHENTICATED, "CONNECT needs the header Authorization: Bearer <accessToken>");
        }
        AccessTokens.Verified verified = tokens.verify(header.substring(7).trim());
        // moim.accounts.require-verified-email: an unverified account gets no socket (EMAIL_NOT_VERIFIED).
        verifiedEmails.require(verified.userId());
        sessions.opened(sessionId, verified.userId(), verified.sessionId(), verified.expiresAt());
        // A log-out between the token check and the registration above found no socket to end: look again.
        if (revoked.isRevoked(verified.sessionId())) {
            throw new MoimException(ErrorCode.SESSION_REVOKED, "This session was signed out; log in again");
        }
        return new StompPrincipal(verified.userId());
    }

    private static String destination(StompHeaderAccessor accessor) {
        return accessor.getDestination() == null ? "" : accessor.getDestination();
    }

    private Message<?> refuse(StompHeaderAccessor accessor, long userId, ErrorCode code, String text) {
        relay.sendError(accessor.getSessionId(), userId,
                new UserEvent.ErrorEvent(code.name(), text, accessor.getDestination(), accessor.getReceipt(), null));
        return null;
    }
}

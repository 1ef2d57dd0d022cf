package dev.moim.realtime;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Lazy;

/**
 * The STOMP sessions of this node: whose they are and when their access token runs out. A session whose token
 * expires gets an ERROR frame (TOKEN_EXPIRED) and is closed; the client reconnects with a fresh token.
 */
@Component
public class SocketSessions {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    private final MessageChannel clientOutbound;

    public SocketSessions(@Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
                          @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
        this.scheduler = scheduler;
        this.clientOutbound = clientOutbound;
    }

    void opened(String sessionId, long userId, Instant tokenExpiresAt) {
        ScheduledFuture<?> expiry = scheduler.schedule(() -> expire(sessionId), tokenExpiresAt);
        sessions.put(sessionId, new Session(userId, tokenExpiresAt, expiry));
    }

    void closed(String sessionId) {
        Session session = sessions.remove(sessionId);
        if (session != null) {
            session.expiry().cancel(false);
        }
    }

    /** The user of a session, or null when the session is unknown or has not connected yet. */
    Long userOf(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        return session == null ? null : session.userId();
    }

    boolean expired(String sessionId) {
        Session session = sessions.get(sessionId);
        return session != null && !Instant.now().isBefore(session.tokenExpiresAt());
    }

    /** Sends the ERROR frame; Spring closes the WebSocket right after an ERROR. */
    void expire(String sessionId) {
        if (!sessions.containsKey(sessionId)) {
            return;
        }
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(sessionId);
        error.setMessage("TOKEN_EXPIRED");
        error.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        byte[] body = "{\"code\":\"TOKEN_EXPIRED\",\"message\":\"The access token expired; reconnect with a fresh one\"}"
                .getBytes(StandardCharsets.UTF_8);
        clientOutbound.send(MessageBuilder.createMessage(body, error.getMessageHeaders()));
    }

    private record Session(long userId, Instant tokenExpiresAt, ScheduledFuture<?> expiry) {
    }
}

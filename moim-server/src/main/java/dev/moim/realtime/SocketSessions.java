package dev.moim.realtime;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import dev.moim.common.ErrorCode;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;


/**
 * The STOMP sessions of this node: whose they are and when their access token runs out. A session whose token
 * expires gets an ERROR frame (TOKEN_EXPIRED) and is closed; the client reconnects with a fresh token.
 */
@Component
public class SocketSessions {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    private final MessageChannel clientOutbound;
    private final JsonMapper json;

    public SocketSessions(@Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
                          @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound, JsonMapper json) {
        this.scheduler = scheduler;
        this.clientOutbound = clientOutbound;
        this.json = json;
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

    void expire(String sessionId) {
        if (sessions.containsKey(sessionId)) {
            end(sessionId, ErrorCode.TOKEN_EXPIRED, "The access token expired; reconnect with a fresh one");
        }
    }

    /**
     * Ends a session with an ERROR frame ({@code message} header = the code, body {@code {code, message}});
     * Spring closes the WebSocket right after sending an ERROR.
     */
    void end(String sessionId, ErrorCode code, String text) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(sessionId);
        error.setMessage(code.name());
        error.setContentType(MimeTypeUtils.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(Map.of("code", code.name(), "message", text));
        clientOutbound.send(MessageBuilder.createMessage(body, error.getMessageHeaders()));
    }

    private record Session(long userId, Instant tokenExpiresAt, ScheduledFuture<?> expiry) {
    }
}

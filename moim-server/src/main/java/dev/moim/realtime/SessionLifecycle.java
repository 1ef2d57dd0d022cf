package dev.moim.realtime;

import dev.moim.auth.SessionRevoked;
import dev.moim.presence.PresenceService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/** Ties STOMP sessions to presence, ends those of revoked log-ins, and forgets them (and their rooms) when they close. */
@Component
class SessionLifecycle {

    private final PresenceService presence;
    private final SocketSessions sessions;
    private final RoomSubscriptions roomSubscriptions;

    SessionLifecycle(PresenceService presence, SocketSessions sessions, RoomSubscriptions roomSubscriptions) {
        this.presence = presence;
        this.sessions = sessions;
        this.roomSubscriptions = roomSubscriptions;
    }

    @EventListener
    void connected(SessionConnectedEvent event) {
        if (event.getUser() instanceof StompPrincipal user) {
            presence.sessionOpened(user.userId(), sessionId(event.getMessage().getHeaders()));
        }
    }

    /** A log-out or a revoked log-in ends that log-in's sockets on this node at once. */
    @EventListener
    void revoked(SessionRevoked event) {
        sessions.revoked(event.userId(), event.sessionId());
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        for (String destination : sessions.closed(event.getSessionId())) {
            roomSubscriptions.removeDestination(destination, event.getSessionId());
        }
        if (event.getUser() instanceof StompPrincipal user) {
            presence.sessionClosed(user.userId(), event.getSessionId());
        }
    }

    private static String sessionId(org.springframework.messaging.MessageHeaders headers) {
        return org.springframework.messaging.simp.SimpMessageHeaderAccessor.getSessionId(headers);
    }
}

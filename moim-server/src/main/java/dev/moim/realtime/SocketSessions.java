package dev.moim.realtime;

import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;


/**
 * The STOMP sessions of this node: whose they are, which log-in session (refresh-token family) their token belongs
 * to, when that token runs out, and what they subscribed to. A user holds at most
 * {@code moim.realtime.max-sessions-per-user} of them, each at most {@code max-subscriptions-per-session}
 * subscriptions and one per destination, so that one user cannot make one event cost many frames.
 *
 * <p>A session whose token expires gets an ERROR frame (TOKEN_EXPIRED) and is closed; the client reconnects with a
 * fresh token. A session whose log-in is revoked is ended the same way (SESSION_REVOKED).
 */
@Component
public class SocketSessions {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Each user's session ids; changed only inside {@code compute}, so the count and the cap agree. */
    private final Map<Long, Set<String>> byUser = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    private final SessionBuffers buffers;
    private final JsonMapper json;
    private final int maxSessionsPerUser;
    private final int maxSubscriptionsPerSession;

    public SocketSessions(@Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
                          SessionBuffers buffers, JsonMapper json,
                          MoimProperties properties, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.buffers = buffers;
        this.json = json;
        this.maxSessionsPerUser = properties.realtime().maxSessionsPerUser();
        this.maxSubscriptionsPerSession = properties.realtime().maxSubscriptionsPerSession();
        Gauge.builder("moim.sessions.open", sessions, Map::size).description("Connected STOMP sessions").register(meters);
        Gauge.builder("moim.subscriptions", this, SocketSessions::subscriptionCount)
                .description("Subscriptions of the connected sessions").register(meters);
    }

    private double subscriptionCount() {
        long total = 0;
        for (Session session : sessions.values()) {
            synchronized (session.subscriptions) {
                total += session.subscriptions.size();
            }
        }
        return total;
    }

    /** Registers a session at CONNECT, or refuses it (TOO_MANY_SESSIONS) when the user holds the most allowed. */
    void opened(String sessionId, long userId, UUID loginSession, Instant tokenExpiresAt) {
        boolean[] admitted = {false};
        byUser.compute(userId, (id, open) -> {
            Set<String> ids = open == null ? ConcurrentHashMap.newKeySet() : open;
            if (ids.size() < maxSessionsPerUser) {
                admitted[0] = ids.add(sessionId);
            }
            return ids.isEmpty() ? null : ids;
        });
        if (!admitted[0]) {
            throw new MoimException(ErrorCode.TOO_MANY_SESSIONS,
                    "You have " + maxSessionsPerUser + " connections open already; close one first");
        }
        Session session = new Session(userId, loginSession, tokenExpiresAt);
        sessions.put(sessionId, session);
        session.expiry = scheduler.schedule(() -> expire(sessionId), tokenExpiresAt);
    }

    /** Forgets a closed session; returns the destinations it was subscribed to. */
    List<String> closed(String sessionId) {
        Session session = sessions.remove(sessionId);
        if (session == null) {
            return List.of();
        }
        if (session.expiry != null) {
            session.expiry.cancel(false);
        }
        byUser.computeIfPresent(session.userId, (id, ids) -> {
            ids.remove(sessionId);
            return ids.isEmpty() ? null : ids;
        });
        synchronized (session.subscriptions) {
            return List.copyOf(session.subscriptions.values());
        }
    }

    /** Each session of the user on this node that is subscribed to the user's own events ({@code /user/queue/events}). */
    List<RoomSubscriptions.Subscriber> userEventSubscribers(long userId) {
        Set<String> ids = byUser.get(userId);
        if (ids == null) {
            return List.of();
        }
        List<RoomSubscriptions.Subscriber> found = new ArrayList<>(ids.size());
        for (String sessionId : ids) {
            RoomSubscriptions.Subscriber subscriber = userEventSubscriber(sessionId);
            if (subscriber != null) {
                found.add(subscriber);
            }
        }
        return found;
    }

    /** The session's subscription to its user's own events, or null. */
    RoomSubscriptions.Subscriber userEventSubscriber(String sessionId) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        synchronized (session.subscriptions) {
            for (Map.Entry<String, String> subscription : session.subscriptions.entrySet()) {
                if (subscription.getValue().equals(StompRelay.USER_DESTINATION)) {
                    return RoomSubscriptions.Subscriber.of(sessionId, session.userId, subscription.getKey());
                }
            }
        }
        return null;
    }

    /** The user of a session, or null when the session is unknown or has not connected yet. */
    Long userOf(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        return session == null ? null : session.userId;
    }

    boolean expired(String sessionId) {
        Session session = sessions.get(sessionId);
        return session != null && !Instant.now().isBefore(session.tokenExpiresAt);
    }

    /** True once the session was sent its final ERROR: nothing it sends afterwards is handled. */
    boolean ending(String sessionId) {
        Session session = sessions.get(sessionId);
        return session != null && session.ending;
    }

    void expire(String sessionId) {
        if (sessions.containsKey(sessionId)) {
            end(sessionId, ErrorCode.TOKEN_EXPIRED, "The access token expired; reconnect with a fresh one");
        }
    }

    /** Ends at once the sockets of a log-in session that was signed out or revoked. */
    void revoked(long userId, UUID loginSession) {
        Set<String> ids = byUser.get(userId);
        if (ids == null) {
            return;
        }
        for (String sessionId : List.copyOf(ids)) {
            Session session = sessions.get(sessionId);
            if (session != null && loginSession.equals(session.loginSession)) {
                end(sessionId, ErrorCode.SESSION_REVOKED, "This session was signed out; log in again");
            }
        }
    }

    /**
     * Records a subscription the gatekeeper has allowed, or refuses it: a second subscription to one destination
     * (or under one id) would double every event, and each subscription costs memory and a frame per event.
     */
    void subscribe(String sessionId, String subscriptionId, String destination) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return;
        }
        if (subscriptionId == null || subscriptionId.isEmpty()) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "SUBSCRIBE needs an id header");
        }
        synchronized (session.subscriptions) {
            if (session.subscriptions.containsKey(subscriptionId)) {
                throw new MoimException(ErrorCode.ALREADY_SUBSCRIBED, "The subscription id " + subscriptionId + " is in use");
            }
            if (session.subscriptions.containsValue(destination)) {
                throw new MoimException(ErrorCode.ALREADY_SUBSCRIBED, "This session is subscribed to " + destination + " already");
            }
            if (session.subscriptions.size() >= maxSubscriptionsPerSession) {
                throw new MoimException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                        "A session may hold " + maxSubscriptionsPerSession + " subscriptions; unsubscribe from one first");
            }
            session.subscriptions.put(subscriptionId, destination);
        }
    }

    /** Forgets a subscription; returns its destination, or null when the session had no such subscription. */
    String unsubscribe(String sessionId, String subscriptionId) {
        Session session = sessions.get(sessionId);
        if (session == null || subscriptionId == null) {
            return null;
        }
        synchronized (session.subscriptions) {
            return session.subscriptions.remove(subscriptionId);
        }
    }

    /**
     * Ends a session with an ERROR frame ({@code message} header = the code, body {@code {code, message}}), written
     * straight into the socket's buffer and followed by the close.
     */
    void end(String sessionId, ErrorCode code, String text) {
        Session session = sessions.get(sessionId);
        if (session != null) {
            session.ending = true;
        }
        String body = json.writeValueAsString(Map.of("code", code.name(), "message", text));
        buffers.end(sessionId, StompFrames.error(code.name(), body));
    }

    private static final class Session {
        final long userId;
        final UUID loginSession;
        final Instant tokenExpiresAt;
        /** Subscription id to destination; guarded by itself. */
        final Map<String, String> subscriptions = new HashMap<>();
        volatile ScheduledFuture<?> expiry;
        volatile boolean ending;

        Session(long userId, UUID loginSession, Instant tokenExpiresAt) {
            this.userId = userId;
            this.loginSession = loginSession;
            this.tokenExpiresAt = tokenExpiresAt;
        }
    }
}

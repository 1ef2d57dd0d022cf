package dev.moim.realtime;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

import org.springframework.stereotype.Component;

/**
 * Which of this node's sessions subscribed to which room. Room topics are Moim's own, not the simple broker's: a
 * room event is delivered by walking its room's array here (no pattern matching, no per-recipient message), and
 * that array is replaced, never changed, so delivery reads it without a lock.
 */
@Component
class RoomSubscriptions {

    private static final Subscriber[] NONE = new Subscriber[0];

    /**
     * One SUBSCRIBE to a room's topic. {@code header} is what this subscriber adds to a room frame, written once:
     * the rest of the message-id (its session id) and the subscription header with the client's id escaped.
     */
    record Subscriber(String sessionId, long userId, String header, int headerBytes) {

        static Subscriber of(String sessionId, long userId, String subscriptionId) {
            String header = sessionId + "\nsubscription:" + StompFrames.escape(subscriptionId);
            return new Subscriber(sessionId, userId, header, StompFrames.utf8Length(header));
        }
    }

    private final Map<Long, Subscriber[]> byRoom = new ConcurrentHashMap<>();

    Subscriber[] of(long roomId) {
        return byRoom.getOrDefault(roomId, NONE);
    }

    void add(long roomId, String sessionId, long userId, String subscriptionId) {
        Subscriber added = Subscriber.of(sessionId, userId, subscriptionId);
        byRoom.merge(roomId, new Subscriber[] {added}, (current, one) -> {
            Subscriber[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = added;
            return grown;
        });
    }

    /** Drops the session's subscription if {@code destination} is a room's topic. */
    void removeDestination(String destination, String sessionId) {
        Matcher room = StompGatekeeper.ROOM_TOPIC.matcher(destination);
        if (room.matches()) {
            remove(Long.parseLong(room.group(1)), sessionId);
        }
    }

    /** Drops the session's subscription to the room (one per session and room: SocketSessions enforces it). */
    void remove(long roomId, String sessionId) {
        byRoom.computeIfPresent(roomId, (id, current) -> {
            Subscriber[] kept = Arrays.stream(current).filter(s -> !s.sessionId().equals(sessionId)).toArray(Subscriber[]::new);
            return kept.length == 0 ? null : kept;
        });
    }
}

package dev.moim.realtime;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Which of this node's sessions subscribed to which room topic. Room topics are Moim's own, not the simple
 * broker's: a room event is delivered by walking its topic's array here (no pattern matching, no per-recipient
 * message), and that array is replaced, never changed, so delivery reads it without a lock.
 */
@Component
class RoomSubscriptions {

    private static final Subscriber[] NONE = new Subscriber[0];
    private static final Pattern DESTINATION = Pattern.compile("^/topic/rooms/(\\d{1,18})(/live)?$");

    /**
     * A room's two topics. {@code EVENTS} carries what every member's client keeps up with (messages, reads,
     * membership); {@code LIVE} what only matters while the room is on screen (typing, and presence in a group),
     * so that those signals cost a frame per person looking, not per member.
     */
    enum Topic {
        EVENTS(""), LIVE("/live");

        private final String suffix;

        Topic(String suffix) {
            this.suffix = suffix;
        }

        String destination(long roomId) {
            return "/topic/rooms/" + roomId + suffix;
        }
    }

    /** A destination that names a room topic. */
    record Target(long roomId, Topic topic) {

        /** The room topic {@code destination} names, or null. */
        static Target parse(String destination) {
            Matcher matcher = DESTINATION.matcher(destination);
            if (!matcher.matches()) {
                return null;
            }
            return new Target(Long.parseLong(matcher.group(1)), matcher.group(2) == null ? Topic.EVENTS : Topic.LIVE);
        }
    }

    /**
     * One SUBSCRIBE to a room topic. {@code header} is what this subscriber adds to a room frame, written once:
     * the rest of the message-id (its session id) and the subscription header with the client's id escaped.
     */
    record Subscriber(String sessionId, long userId, String header, int headerBytes) {

        static Subscriber of(String sessionId, long userId, String subscriptionId) {
            String header = sessionId + "\nsubscription:" + StompFrames.escape(subscriptionId);
            return new Subscriber(sessionId, userId, header, StompFrames.utf8Length(header));
        }
    }

    private final Map<Topic, Map<Long, Subscriber[]>> byTopic = new EnumMap<>(Topic.class);

    RoomSubscriptions() {
        for (Topic topic : Topic.values()) {
            byTopic.put(topic, new ConcurrentHashMap<>());
        }
    }

    Subscriber[] of(long roomId, Topic topic) {
        return byTopic.get(topic).getOrDefault(roomId, NONE);
    }

    void add(Target target, String sessionId, long userId, String subscriptionId) {
        Subscriber added = Subscriber.of(sessionId, userId, subscriptionId);
        byTopic.get(target.topic()).merge(target.roomId(), new Subscriber[] {added}, (current, one) -> {
            Subscriber[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = added;
            return grown;
        });
    }

    /** Drops the session's subscription if {@code destination} is a room topic. */
    void removeDestination(String destination, String sessionId) {
        Target target = Target.parse(destination);
        if (target != null) {
            remove(target, sessionId);
        }
    }

    /** Drops the session's subscription to the topic (one per session and destination: SocketSessions enforces it). */
    void remove(Target target, String sessionId) {
        byTopic.get(target.topic()).computeIfPresent(target.roomId(), (id, current) -> {
            Subscriber[] kept = Arrays.stream(current).filter(s -> !s.sessionId().equals(sessionId)).toArray(Subscriber[]::new);
            return kept.length == 0 ? null : kept;
        });
    }
}

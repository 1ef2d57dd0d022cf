package dev.moim.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes an event travels as between nodes: JSON, the same shapes clients receive, wrapped with the node that
 * published it and its audience. Kept apart from the web's JSON settings so that nodes of one version always
 * read each other.
 */
public final class EventCodec {

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * One publication on the wire. {@code origin} is the publishing node; exactly one of {@code commit} (a room's
     * committed change), {@code room} (a live event to the room's subscribers), {@code user} (to {@code userId}'s
     * sessions) and {@code notice} (to every node's caches) is set.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Envelope(String origin, RoomCommit commit, RoomEvent room, Long userId, UserEvent user,
                           NodeNotice notice) {

        public static Envelope ofCommit(String origin, RoomCommit commit) {
            return new Envelope(origin, commit, null, null, null, null);
        }

        public static Envelope ofRoom(String origin, RoomEvent event) {
            return new Envelope(origin, null, event, null, null, null);
        }

        public static Envelope ofUser(String origin, long userId, UserEvent event) {
            return new Envelope(origin, null, null, userId, event, null);
        }

        public static Envelope ofNotice(String origin, NodeNotice notice) {
            return new Envelope(origin, null, null, null, null, notice);
        }

        public Envelope {
            int set = (commit == null ? 0 : 1) + (room == null ? 0 : 1) + (user == null ? 0 : 1) + (notice == null ? 0 : 1);
            if (origin == null || set != 1 || (user != null) != (userId != null)) {
                throw new IllegalArgumentException("An envelope holds one commit, room event, user event or notice, "
                        + "with its origin");
            }
        }
    }

    public byte[] encode(Envelope envelope) {
        return json.writeValueAsBytes(envelope);
    }

    /** Throws {@link IllegalArgumentException} for bytes that are not an envelope this version can read. */
    public Envelope decode(byte[] bytes) {
        try {
            return json.readValue(bytes, Envelope.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not an event envelope: " + e.getMessage(), e);
        }
    }
}

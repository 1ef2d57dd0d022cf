package dev.moim.bus;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A change that every node's in-memory state must follow, never shown to clients: the cache that holds it is
 * dropped or updated on each node, this one included.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NodeNotice.UserChanged.class, name = "user_changed"),
        @JsonSubTypes.Type(value = NodeNotice.SessionEnded.class, name = "session_ended")})
public sealed interface NodeNotice {

    /** A user's profile (nickname, status) changed: every node forgets what it remembers of them. */
    record UserChanged(long userId) implements NodeNotice {
    }

    /**
     * A log-in session ended (log-out, or a refresh token's reuse): its access tokens are refused and its sockets
     * closed on every node.
     */
    record SessionEnded(long userId, UUID sessionId) implements NodeNotice {
    }
}

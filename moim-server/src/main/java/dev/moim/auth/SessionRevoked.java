package dev.moim.auth;

import java.util.UUID;

/**
 * A log-in session (refresh-token family) ended: by log-out, or because a spent refresh token came back. Published as
 * a Spring event so that the realtime layer can end the session's sockets without auth knowing about sockets.
 */
public record SessionRevoked(long userId, UUID sessionId) {
}

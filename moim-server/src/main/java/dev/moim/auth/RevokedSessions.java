package dev.moim.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.config.MoimProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sessions (refresh-token families) that were logged out or revoked after a refresh token's reuse. Their access
 * tokens are still signed and unexpired, so each one is checked against this list until it would have run out:
 * an entry is kept as long as an access token lives, plus the clock skew REST allows.
 *
 * <p>Each node keeps its own list, filled from the database at start; a revocation reaches every running node as a
 * {@link NodeNotice.SessionEnded} on the bus, which also has the node close the session's sockets
 * ({@link SessionRevoked}).
 */
@Component
public class RevokedSessions implements EventBus.Listener {

    private final Cache<UUID, Boolean> revoked;
    private final ApplicationEventPublisher events;

    /**
     * Starts with the sessions revoked recently enough that their access tokens may still be alive: a restart must
     * not bring a logged-out session back for the rest of its tokens' lives.
     */
    public RevokedSessions(MoimProperties properties, RefreshTokenStore refreshTokens, ApplicationEventPublisher events) {
        this.events = events;
        Duration keep = properties.auth().accessTokenTtl().plus(AccessTokens.CLOCK_SKEW).plusSeconds(1);
        this.revoked = Caffeine.newBuilder().expireAfterWrite(keep).build();
        for (UUID family : refreshTokens.familiesRevokedSince(Instant.now().minus(keep))) {
            revoked.put(family, Boolean.TRUE);
        }
    }

    @Override
    public void onNotice(NodeNotice notice) {
        if (notice instanceof NodeNotice.SessionEnded ended) {
            revoked.put(ended.sessionId(), Boolean.TRUE);
            events.publishEvent(new SessionRevoked(ended.userId(), ended.sessionId()));
        }
    }

    public boolean isRevoked(UUID sessionId) {
        return revoked.getIfPresent(sessionId) != null;
    }
}

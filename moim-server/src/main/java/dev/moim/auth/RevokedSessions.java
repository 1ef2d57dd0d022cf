package dev.moim.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.config.MoimProperties;
import org.springframework.stereotype.Component;

/**
 * Sessions (refresh-token families) that were logged out or revoked after a refresh token's reuse. Their access
 * tokens are still signed and unexpired, so each one is checked against this list until it would have run out:
 * an entry is kept as long as an access token lives, plus the clock skew REST allows.
 *
 * <p>This list is per node, and filled from the database at start. In cluster mode (issue 8) a revocation must
 * also reach every running node, e.g. over the bus.
 */
@Component
public class RevokedSessions {

    private final Cache<UUID, Boolean> revoked;

    /**
     * Starts with the sessions revoked recently enough that their access tokens may still be alive: a restart must
     * not bring a logged-out session back for the rest of its tokens' lives.
     */
    public RevokedSessions(MoimProperties properties, RefreshTokenStore refreshTokens) {
        Duration keep = properties.auth().accessTokenTtl().plus(AccessTokens.CLOCK_SKEW).plusSeconds(1);
        this.revoked = Caffeine.newBuilder().expireAfterWrite(keep).build();
        for (UUID family : refreshTokens.familiesRevokedSince(Instant.now().minus(keep))) {
            revoked.put(family, Boolean.TRUE);
        }
    }

    void revoke(UUID sessionId) {
        revoked.put(sessionId, Boolean.TRUE);
    }

    public boolean isRevoked(UUID sessionId) {
        return revoked.getIfPresent(sessionId) != null;
    }
}

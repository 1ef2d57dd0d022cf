package dev.moim.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Refresh tokens, kept only as SHA-256 hashes. Tokens of one log-in share a family, so a stolen one can be cut off whole. */
@Repository
class RefreshTokenStore {

    private final JdbcClient jdbc;

    RefreshTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tokenHash, UUID familyId, long userId, Instant expiresAt) {
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(tokenHash, familyId, userId, Times.sql(Times.now()), Times.sql(expiresAt))
                .update();
    }

    Optional<StoredToken> find(String tokenHash) {
        return jdbc.sql("SELECT family_id, user_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?")
                .param(tokenHash)
                .query((rs, row) -> new StoredToken(rs.getObject("family_id", UUID.class), rs.getLong("user_id"),
                        Times.read(rs, "expires_at"), Times.read(rs, "used_at") != null, Times.read(rs, "revoked_at") != null))
                .optional();
    }

    /** @return false when another request spent the token first */
    boolean markUsed(String tokenHash) {
        return jdbc.sql("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL")
                .params(Times.sql(Times.now()), tokenHash)
                .update() == 1;
    }

    /** True once any token of the log-in was revoked: the log-in is over, whatever its newer tokens say. */
    boolean familyRevoked(UUID familyId) {
        return jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL")
                .param(familyId).query(Long.class).single() > 0;
    }

    /** Log-in sessions revoked at or after {@code since}. */
    List<UUID> familiesRevokedSince(Instant since) {
        return jdbc.sql("SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at >= ?")
                .param(Times.sql(since)).query(UUID.class).list();
    }

    void revokeFamily(UUID familyId) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(Times.sql(Times.now()), familyId)
                .update();
    }

    /** Revokes every live log-in session of the user and returns them, so that their sockets can be closed. */
    List<UUID> revokeAllOf(long userId) {
        List<UUID> families = jdbc.sql("SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL")
                .param(userId).query(UUID.class).list();
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
                .params(Times.sql(Times.now()), userId)
                .update();
        return families;
    }

    record StoredToken(UUID familyId, long userId, Instant expiresAt, boolean used, boolean revoked) {
    }
}

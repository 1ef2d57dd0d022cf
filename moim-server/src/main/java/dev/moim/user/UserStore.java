package dev.moim.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.presence.LastSeenStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class UserStore implements LastSeenStore {

    private static final String COLUMNS = "id, email, password_hash, nickname, status_message, created_at, last_seen_at, "
            + "avatar_id, email_verified_at, deleted_at";

    private final JdbcClient jdbc;

    public UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Emails arrive lower-cased; the unique index makes a taken one fail here even under a race. */
    public User insert(String email, String passwordHash, String nickname) {
        Instant now = Times.now();
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO users (email, password_hash, nickname, created_at) VALUES (?, ?, ?, ?)")
                    .params(email, passwordHash, nickname, Times.sql(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new MoimException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
        }
        long id = keys.getKey().longValue();
        return new User(id, email, passwordHash, nickname, null, now, null, null, null, null);
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE email = ?").param(email).query(UserStore::map).optional();
    }

    public Optional<User> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(UserStore::map).optional();
    }

    public List<User> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id IN (:ids)").param("ids", ids).query(UserStore::map).list();
    }

    /** Exact email, or nickname containing the text, case-insensitive; withdrawn accounts are never found. */
    public List<User> search(String text, int limit) {
        String lowered = text.toLowerCase();
        String pattern = "%" + lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE deleted_at IS NULL AND (email = ? OR LOWER(nickname) LIKE ? ESCAPE '\\') "
                        + "ORDER BY nickname, id LIMIT ?")
                .params(lowered, pattern, limit)
                .query(UserStore::map).list();
    }

    public void updateProfile(long id, String nickname, String statusMessage) {
        jdbc.sql("UPDATE users SET nickname = ?, status_message = ? WHERE id = ? AND deleted_at IS NULL")
                .params(nickname, statusMessage, id).update();
    }

    /**
     * Sets the profile picture (null: none) and its type, and returns the one it replaced, if any. Call it inside a
     * transaction, so that two changes at once each see the other's result.
     */
    public Optional<UUID> replaceAvatar(long id, UUID avatarId, String contentType) {
        UUID old = jdbc.sql("SELECT avatar_id FROM users WHERE id = ? FOR UPDATE").param(id)
                .query((rs, row) -> rs.getObject(1, UUID.class)).optional().orElse(null);
        jdbc.sql("UPDATE users SET avatar_id = ?, avatar_type = ? WHERE id = ?").params(avatarId, contentType, id).update();
        return Optional.ofNullable(old);
    }

    /** The type of the user's profile picture, if it is still {@code avatarId}. */
    public Optional<String> avatarType(long id, UUID avatarId) {
        return jdbc.sql("SELECT avatar_type FROM users WHERE id = ? AND avatar_id = ?").params(id, avatarId)
                .query((rs, row) -> rs.getString(1)).optional();
    }

    /** The password hash under the row's lock, which a password change also takes; empty for a withdrawn account. */
    public Optional<String> lockPasswordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = ? FOR UPDATE").param(id)
                .query((rs, row) -> rs.getString(1)).optional().filter(Objects::nonNull);
    }

    public void updatePassword(long id, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ? AND deleted_at IS NULL").params(passwordHash, id).update();
    }

    /** @return false when it was verified already */
    public boolean markEmailVerified(long id) {
        return jdbc.sql("UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL AND deleted_at IS NULL")
                .params(Times.sql(Times.now()), id).update() == 1;
    }

    public boolean emailVerified(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ? AND email_verified_at IS NOT NULL AND deleted_at IS NULL")
                .param(id).query(Long.class).single() > 0;
    }

    /**
     * Withdraws the account: everything personal goes, the row stays for the messages that name it as their sender.
     * The email becomes NULL, which the unique index allows any number of times, so the address can sign up again.
     *
     * @return false when it was withdrawn already
     */
    public boolean erase(long id) {
        return jdbc.sql("UPDATE users SET email = NULL, password_hash = NULL, nickname = ?, status_message = NULL, "
                        + "avatar_id = NULL, avatar_type = NULL, last_seen_at = NULL, email_verified_at = NULL, deleted_at = ? "
                        + "WHERE id = ? AND deleted_at IS NULL")
                .params(User.DELETED_NICKNAME, Times.sql(Times.now()), id).update() == 1;
    }

    @Override
    public void updateLastSeen(long id, Instant lastSeen) {
        // A withdrawn account's last socket may close after it was erased: it keeps no trace.
        jdbc.sql("UPDATE users SET last_seen_at = ? WHERE id = ? AND deleted_at IS NULL").params(Times.sql(lastSeen), id).update();
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash"), rs.getString("nickname"),
                rs.getString("status_message"), Times.read(rs, "created_at"), Times.read(rs, "last_seen_at"),
                rs.getObject("avatar_id", UUID.class), Times.read(rs, "email_verified_at"), Times.read(rs, "deleted_at"));
    }
}

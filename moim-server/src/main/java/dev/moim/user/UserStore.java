package dev.moim.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
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

    private static final String COLUMNS = "id, email, password_hash, nickname, status_message, created_at, last_seen_at, avatar_id";

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
        return new User(id, email, passwordHash, nickname, null, now, null, null);
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

    /** Exact email, or nickname containing the text, case-insensitive. */
    public List<User> search(String text, int limit) {
        String lowered = text.toLowerCase();
        String pattern = "%" + lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE email = ? OR LOWER(nickname) LIKE ? ESCAPE '\\' "
                        + "ORDER BY nickname, id LIMIT ?")
                .params(lowered, pattern, limit)
                .query(UserStore::map).list();
    }

    public void updateProfile(long id, String nickname, String statusMessage) {
        jdbc.sql("UPDATE users SET nickname = ?, status_message = ? WHERE id = ?").params(nickname, statusMessage, id).update();
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

    @Override
    public void updateLastSeen(long id, Instant lastSeen) {
        jdbc.sql("UPDATE users SET last_seen_at = ? WHERE id = ?").params(Times.sql(lastSeen), id).update();
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash"), rs.getString("nickname"),
                rs.getString("status_message"), Times.read(rs, "created_at"), Times.read(rs, "last_seen_at"),
                rs.getObject("avatar_id", UUID.class));
    }
}

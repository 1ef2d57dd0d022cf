package dev.moim.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Notifications, muted rooms and do-not-disturb settings. */
@Repository
class NotificationStore implements PersonalData {

    record Row(long id, long userId, String kind, Long actorId, Long roomId, Long seq, String text, Instant createdAt,
               Instant readAt) {
    }

    record Settings(boolean dndEnabled, int dndStart, int dndEnd, String timeZone) {
    }

    private static final String COLUMNS = "id, user_id, kind, actor_id, room_id, seq, text, created_at, read_at";

    private final JdbcClient jdbc;

    NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void erase(long userId) {
        jdbc.sql("DELETE FROM notifications WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM room_mutes WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM notification_settings WHERE user_id = ?").param(userId).update();
    }

    Row insert(long userId, String kind, Long actorId, Long roomId, Long seq, String text, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO notifications (user_id, kind, actor_id, room_id, seq, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(userId, kind, actorId, roomId, seq, text, Times.sql(now)).update(keys, "id");
        return new Row(keys.getKey().longValue(), userId, kind, actorId, roomId, seq, text, now, null);
    }

    /** Keeps the user's newest {@code keep}; older ones go. */
    void trim(long userId, int keep) {
        jdbc.sql("DELETE FROM notifications WHERE user_id = ? AND id < (SELECT MIN(id) FROM "
                        + "(SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?) newest)")
                .params(userId, userId, keep).update();
    }

    /** Newest first, before {@code beforeId} (exclusive) when given. */
    List<Row> list(long userId, boolean unreadOnly, Long beforeId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE user_id = ? AND id < ?"
                        + (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT ?")
                .params(userId, beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query(NotificationStore::map).list();
    }

    Optional<Row> find(long userId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notifications WHERE user_id = ? AND id = ?").params(userId, id)
                .query(NotificationStore::map).optional();
    }

    void markRead(long userId, long id, Instant now) {
        jdbc.sql("UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL")
                .params(Times.sql(now), userId, id).update();
    }

    void markAllRead(long userId, Instant now) {
        jdbc.sql("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
                .params(Times.sql(now), userId).update();
    }

    long unreadCount(long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL").param(userId)
                .query(Long.class).single();
    }

    void mute(long userId, long roomId) {
        try {
            jdbc.sql("INSERT INTO room_mutes (user_id, room_id) VALUES (?, ?)").params(userId, roomId).update();
        } catch (DuplicateKeyException already) {
            // Muted already: nothing to do.
        }
    }

    void unmute(long userId, long roomId) {
        jdbc.sql("DELETE FROM room_mutes WHERE user_id = ? AND room_id = ?").params(userId, roomId).update();
    }

    List<Long> mutedRooms(long userId) {
        return jdbc.sql("SELECT room_id FROM room_mutes WHERE user_id = ? ORDER BY room_id").param(userId)
                .query(Long.class).list();
    }

    /** Of {@code userIds}, those who muted the room. */
    Set<Long> mutedAmong(long roomId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT user_id FROM room_mutes WHERE room_id = :room AND user_id IN (:ids)")
                .param("room", roomId).param("ids", userIds).query(Long.class).list());
    }

    Optional<Settings> settings(long userId) {
        return jdbc.sql("SELECT dnd_enabled, dnd_start, dnd_end, time_zone FROM notification_settings WHERE user_id = ?")
                .param(userId)
                .query((rs, row) -> new Settings(rs.getBoolean(1), rs.getInt(2), rs.getInt(3), rs.getString(4)))
                .optional();
    }

    void saveSettings(long userId, Settings settings) {
        int updated = jdbc.sql("UPDATE notification_settings SET dnd_enabled = ?, dnd_start = ?, dnd_end = ?, time_zone = ? "
                        + "WHERE user_id = ?")
                .params(settings.dndEnabled(), settings.dndStart(), settings.dndEnd(), settings.timeZone(), userId).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO notification_settings (user_id, dnd_enabled, dnd_start, dnd_end, time_zone) VALUES (?, ?, ?, ?, ?)")
                        .params(userId, settings.dndEnabled(), settings.dndStart(), settings.dndEnd(), settings.timeZone())
                        .update();
            } catch (DuplicateKeyException raced) {
                saveSettings(userId, settings);
            }
        }
    }

    private static Row map(ResultSet rs, int row) throws SQLException {
        return new Row(rs.getLong("id"), rs.getLong("user_id"), rs.getString("kind"), rs.getObject("actor_id", Long.class),
                rs.getObject("room_id", Long.class), rs.getObject("seq", Long.class), rs.getString("text"),
                Times.read(rs, "created_at"), Times.read(rs, "read_at"));
    }
}

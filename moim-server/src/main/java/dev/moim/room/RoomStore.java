package dev.moim.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import dev.moim.presence.PresenceAudience;
import dev.moim.view.JoinPolicy;
import dev.moim.view.RoomType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class RoomStore implements PresenceAudience {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public RoomStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Rooms with their members, in two queries whatever their number; closed or unknown ids map to empty. */
    Map<Long, Optional<RoomState>> loadAll(Collection<Long> roomIds) {
        record Row(long id, RoomType type, String name, Long ownerId, Integer memberLimit, long lastSeq, long version,
                   RoomState.Group group) {
        }
        Map<Long, Optional<RoomState>> result = new HashMap<>();
        roomIds.forEach(id -> result.put(id, Optional.empty()));
        if (roomIds.isEmpty()) {
            return result;
        }
        List<Row> rooms = jdbc.sql("SELECT id, type, name, owner_id, member_limit, last_seq, version, join_policy, "
                        + "description, tags, cover_attachment_id, password_hash FROM rooms "
                        + "WHERE id IN (:ids) AND closed_at IS NULL")
                .param("ids", roomIds)
                .query((rs, n) -> new Row(rs.getLong("id"), RoomType.valueOf(rs.getString("type")), rs.getString("name"),
                        rs.getObject("owner_id", Long.class), rs.getObject("member_limit", Integer.class),
                        rs.getLong("last_seq"), rs.getLong("version"),
                        new RoomState.Group(JoinPolicy.valueOf(rs.getString("join_policy")), rs.getString("description"),
                                tags(rs.getString("tags")), rs.getObject("cover_attachment_id", UUID.class),
                                rs.getString("password_hash"))))
                .list();
        if (rooms.isEmpty()) {
            return result;
        }
        Map<Long, Map<Long, RoomState.Member>> members = new HashMap<>();
        jdbc.sql("SELECT room_id, user_id, joined_seq, joined_at, last_read_seq, manager FROM room_members WHERE room_id IN (:ids)")
                .param("ids", rooms.stream().map(Row::id).toList())
                .query(rs -> {
                    long userId = rs.getLong("user_id");
                    members.computeIfAbsent(rs.getLong("room_id"), id -> new HashMap<>())
                            .put(userId, new RoomState.Member(userId, rs.getLong("joined_seq"), Times.read(rs, "joined_at"),
                                    rs.getLong("last_read_seq"), rs.getBoolean("manager")));
                });
        for (Row r : rooms) {
            result.put(r.id(), Optional.of(new RoomState(r.id(), r.type(), r.name(), r.ownerId(), r.memberLimit(),
                    r.lastSeq(), r.version(), members.getOrDefault(r.id(), Map.of()), r.group())));
        }
        return result;
    }

    /** Tags are kept between commas (",hiking,서울,"), so that one is found with LIKE '%,tag,%'. */
    static List<String> tags(String stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(stored.split(",")).filter(tag -> !tag.isEmpty()).toList();
    }

    static String storedTags(List<String> tags) {
        return tags.isEmpty() ? null : "," + String.join(",", tags) + ",";
    }

    /** A GROUP's settings as a whole, and the directory's terms that come from them. */
    void updateSettings(long roomId, String name, Integer memberLimit, RoomState.Group group, String searchTerms) {
        jdbc.sql("UPDATE rooms SET name = ?, member_limit = ?, join_policy = ?, description = ?, tags = ?, "
                        + "cover_attachment_id = ?, password_hash = ?, search_terms = ? WHERE id = ?")
                .params(name, memberLimit, group.joinPolicy().name(), group.description(), storedTags(group.tags()),
                        group.coverAttachmentId(), group.passwordHash(), searchTerms, roomId)
                .update();
    }

    /** Takes the room's cover down if it is still {@code cover}; false when it was not. */
    boolean clearCover(long roomId, UUID cover) {
        return jdbc.sql("UPDATE rooms SET cover_attachment_id = NULL WHERE id = ? AND cover_attachment_id = ?")
                .params(roomId, cover).update() > 0;
    }

    void setManager(long roomId, long userId, boolean manager) {
        jdbc.sql("UPDATE room_members SET manager = ? WHERE room_id = ? AND user_id = ?").params(manager, roomId, userId)
                .update();
    }

    long insertRoom(RoomType type, String name, Long ownerId, Integer memberLimit, String directKey, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO rooms (type, name, owner_id, member_limit, direct_key, last_seq, created_at, last_activity_at) "
                        + "VALUES (?, ?, ?, ?, ?, 0, ?, ?)")
                .params(type.name(), name, ownerId, memberLimit, directKey, Times.sql(now), Times.sql(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Long> findDirect(String directKey) {
        return jdbc.sql("SELECT id FROM rooms WHERE direct_key = ?").param(directKey).query(Long.class).optional();
    }

    /** Joins users at {@code joinedSeq}: they see history after it and have nothing unread before it. */
    void insertMembers(long roomId, List<Long> userIds, long joinedSeq, Instant now) {
        jdbc.sql("UPDATE rooms SET member_count = member_count + ? WHERE id = ?").params(userIds.size(), roomId).update();
        jdbcTemplate.batchUpdate("INSERT INTO room_members (room_id, user_id, joined_seq, last_read_seq, joined_at) VALUES (?, ?, ?, ?, ?)",
                userIds, userIds.size(), (ps, userId) -> {
                    ps.setLong(1, roomId);
                    ps.setLong(2, userId);
                    ps.setLong(3, joinedSeq);
                    ps.setLong(4, joinedSeq);
                    Times.bind(ps, 5, now);
                });
    }

    void markRead(long roomId, long userId, long seq) {
        jdbc.sql("UPDATE room_members SET last_read_seq = ? WHERE room_id = ? AND user_id = ? AND last_read_seq < ?")
                .params(seq, roomId, userId, seq).update();
    }

    void deleteMember(long roomId, long userId) {
        if (jdbc.sql("DELETE FROM room_members WHERE room_id = ? AND user_id = ?").params(roomId, userId).update() > 0) {
            jdbc.sql("UPDATE rooms SET member_count = member_count - 1 WHERE id = ?").param(roomId).update();
        }
    }

    /** The new owner is no longer a manager: the owner can do all a manager can, and is never counted as one. */
    void setOwner(long roomId, Long ownerId) {
        jdbc.sql("UPDATE rooms SET owner_id = ? WHERE id = ?").params(ownerId, roomId).update();
        if (ownerId != null) {
            setManager(roomId, ownerId, false);
        }
    }

    void close(long roomId, Instant now) {
        jdbc.sql("UPDATE rooms SET closed_at = ?, owner_id = NULL WHERE id = ?").params(Times.sql(now), roomId).update();
    }

    /** For presence: the open rooms of each of these users (through the user_id index, 500 users a query). */
    @Override
    public Map<Long, List<Long>> roomIdsOf(Collection<Long> userIds) {
        Map<Long, List<Long>> rooms = new HashMap<>();
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            jdbc.sql("SELECT m.user_id, m.room_id FROM room_members m JOIN rooms r ON r.id = m.room_id "
                            + "WHERE m.user_id IN (:ids) AND r.closed_at IS NULL")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .query(rs -> {
                        rooms.computeIfAbsent(rs.getLong("user_id"), id -> new ArrayList<>()).add(rs.getLong("room_id"));
                    });
        }
        return rooms;
    }

    /** Each open room of the user, with the seq they joined at (they see what came after it): as committed now. */
    public Map<Long, Long> joinedSeqs(long userId) {
        Map<Long, Long> joined = new HashMap<>();
        jdbc.sql("SELECT m.room_id, m.joined_seq FROM room_members m JOIN rooms r ON r.id = m.room_id "
                        + "WHERE m.user_id = ? AND r.closed_at IS NULL")
                .param(userId)
                .query(rs -> {
                    joined.put(rs.getLong("room_id"), rs.getLong("joined_seq"));
                });
        return joined;
    }

    /** "My rooms" rows: each room's activity and the caller's read position. */
    List<RoomRow> listFor(long userId) {
        return jdbc.sql("SELECT r.id, r.last_activity_at FROM room_members m JOIN rooms r ON r.id = m.room_id "
                        + "WHERE m.user_id = ? AND r.closed_at IS NULL ORDER BY r.last_activity_at DESC, r.id DESC")
                .param(userId)
                .query((rs, n) -> new RoomRow(rs.getLong("id"), Times.read(rs, "last_activity_at")))
                .list();
    }

    Optional<Instant> lastActivity(long roomId) {
        return jdbc.sql("SELECT last_activity_at FROM rooms WHERE id = ?").param(roomId)
                .query((rs, n) -> Times.read(rs, "last_activity_at")).optional();
    }

    record RoomRow(long id, Instant lastActivityAt) {
    }
}

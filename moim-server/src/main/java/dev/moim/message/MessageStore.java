package dev.moim.message;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Messages and read positions. Batch methods take a whole group commit in one round trip per statement. */
@Repository
public class MessageStore {

    private static final String COLUMNS =
            "id, room_id, seq, sender_id, client_msg_id, type, content, meta, created_at, edited_at, deleted_at";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    public MessageStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /**
     * Reserves {@code count} seqs in each room (locking its row until commit) and returns each room's new last seq.
     * Rooms are updated in id order so two writers never lock them in opposite orders. Closed rooms are left out.
     */
    Map<Long, Long> reserveSeqs(Map<Long, Integer> countByRoom, Instant now) {
        List<Long> roomIds = countByRoom.keySet().stream().sorted().toList();
        int[] updated = jdbcTemplate.batchUpdate(
                "UPDATE rooms SET last_seq = last_seq + ?, last_activity_at = ? WHERE id = ? AND closed_at IS NULL",
                roomIds, roomIds.size(), (ps, roomId) -> {
                    ps.setInt(1, countByRoom.get(roomId));
                    Times.bind(ps, 2, now);
                    ps.setLong(3, roomId);
                })[0];
        List<Long> open = new ArrayList<>();
        for (int i = 0; i < roomIds.size(); i++) {
            if (updated[i] != 0) {
                open.add(roomIds.get(i));
            }
        }
        Map<Long, Long> lastSeqs = new HashMap<>();
        if (!open.isEmpty()) {
            jdbc.sql("SELECT id, last_seq FROM rooms WHERE id IN (:ids)").param("ids", open)
                    .query(rs -> {
                        lastSeqs.put(rs.getLong("id"), rs.getLong("last_seq"));
                    });
        }
        return lastSeqs;
    }

    void insert(List<ChatMessage> messages) {
        jdbcTemplate.batchUpdate("INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                messages, messages.size(), MessageStore::bind);
    }

    /** Finds earlier sends with the same (sender, clientMsgId), so a resend returns the original. */
    List<ChatMessage> findByClientIds(List<SenderKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE (sender_id, client_msg_id) IN (");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            params.add(keys.get(i).senderId());
            params.add(keys.get(i).clientMsgId());
        }
        sql.append(")");
        return jdbc.sql(sql.toString()).params(params).query(MessageStore::map).list();
    }

    /** Moves read positions forward only: a stale or repeated mark changes nothing. */
    void advanceReads(List<ReadAdvance> reads) {
        if (reads.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate(
                "UPDATE room_members SET last_read_seq = ? WHERE room_id = ? AND user_id = ? AND last_read_seq < ?",
                reads, reads.size(), (ps, read) -> {
                    ps.setLong(1, read.seq());
                    ps.setLong(2, read.roomId());
                    ps.setLong(3, read.userId());
                    ps.setLong(4, read.seq());
                });
    }

    /**
     * A page of history in ascending seq. With {@code newestFirst} it takes the newest {@code limit} below
     * {@code beforeSeq}; otherwise the oldest above {@code afterSeq}. Never anything at or below {@code floorSeq}
     * (the seq the reader joined at).
     */
    List<ChatMessage> page(long roomId, long afterSeq, long beforeSeq, int limit, boolean newestFirst) {
        String order = newestFirst ? "DESC" : "ASC";
        List<ChatMessage> rows = jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND seq > ? AND seq < ? "
                        + "ORDER BY seq " + order + " LIMIT ?")
                .params(roomId, afterSeq, beforeSeq, limit)
                .query(MessageStore::map).list();
        if (newestFirst) {
            rows = new ArrayList<>(rows);
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    /** The newest message of each room, in one query, for the room list. */
    public Map<Long, ChatMessage> lastMessages(List<Long> roomIds) {
        Map<Long, ChatMessage> last = new HashMap<>();
        if (roomIds.isEmpty()) {
            return last;
        }
        jdbc.sql("SELECT m.id, m.room_id, m.seq, m.sender_id, m.client_msg_id, m.type, m.content, m.meta, m.created_at, "
                        + "m.edited_at, m.deleted_at FROM messages m JOIN rooms r ON r.id = m.room_id AND m.seq = r.last_seq "
                        + "WHERE r.id IN (:ids)")
                .param("ids", roomIds)
                .query(MessageStore::map).list()
                .forEach(m -> last.put(m.roomId(), m));
        return last;
    }

    Optional<ChatMessage> find(long roomId, long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND seq = ?")
                .params(roomId, seq).query(MessageStore::map).optional();
    }

    void edit(long roomId, long seq, String content, Instant at) {
        jdbc.sql("UPDATE messages SET content = ?, edited_at = ? WHERE room_id = ? AND seq = ?")
                .params(content, Times.sql(at), roomId, seq).update();
    }

    void tombstone(long roomId, long seq, Instant at) {
        jdbc.sql("UPDATE messages SET content = NULL, deleted_at = ? WHERE room_id = ? AND seq = ?")
                .params(Times.sql(at), roomId, seq).update();
    }

    private static void bind(PreparedStatement ps, ChatMessage m) throws SQLException {
        ps.setObject(1, m.id());
        ps.setLong(2, m.roomId());
        ps.setLong(3, m.seq());
        if (m.senderId() == null) {
            ps.setNull(4, Types.BIGINT);
        } else {
            ps.setLong(4, m.senderId());
        }
        ps.setString(5, m.clientMsgId());
        ps.setString(6, m.type().name());
        ps.setString(7, m.content());
        ps.setString(8, m.meta());
        Times.bind(ps, 9, m.createdAt());
        Times.bind(ps, 10, m.editedAt());
        Times.bind(ps, 11, m.deletedAt());
    }

    static ChatMessage map(ResultSet rs, int row) throws SQLException {
        long sender = rs.getLong("sender_id");
        Long senderId = rs.wasNull() ? null : sender;
        return new ChatMessage(rs.getObject("id", UUID.class), rs.getLong("room_id"), rs.getLong("seq"), senderId,
                rs.getString("client_msg_id"), MessageType.valueOf(rs.getString("type")), rs.getString("content"),
                rs.getString("meta"), Times.read(rs, "created_at"), Times.read(rs, "edited_at"),
                Times.read(rs, "deleted_at"));
    }

    record SenderKey(long senderId, String clientMsgId) {
    }

    record ReadAdvance(long roomId, long userId, long seq) {
    }
}

package dev.moim.room;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import dev.moim.view.MessageType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Messages and read positions. Batch methods take a whole group commit in one round trip per statement. */
@Repository
public class MessageStore {

    private static final String COLUMNS = "id, room_id, seq, sender_id, client_msg_id, type, content, meta, "
            + "created_at, edited_at, deleted_at, reply_to_seq, reactions";

    /**
     * One message by room and seq, written as a one-seq range on purpose: H2 finds a seq value in every room
     * (selectivity 1) and so plans {@code seq = ?} on the room_id index alone, reading the room's whole history
     * for one row; given a range it takes the (room_id, seq) index. PostgreSQL plans both alike. The same holds for
     * the room list's newest messages ({@link #lastMessages}).
     */
    private static final String ONE_MESSAGE = "room_id = ? AND seq >= ? AND seq <= ?";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    public MessageStore(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /**
     * Locks each room's row until commit and moves its version on by one; returns each open room's new version.
     * Every transaction that changes a room starts here (before anything it decides from the room), in room id
     * order so that two writers never lock rooms in opposite orders. Closed rooms are left out.
     */
    Map<Long, Long> lockRooms(Collection<Long> roomIds) {
        List<Long> open = updateOpenRooms("UPDATE rooms SET version = version + 1 WHERE id = ? AND closed_at IS NULL",
                roomIds, (ps, roomId) -> ps.setLong(1, roomId));
        return readRooms(open, "version");
    }

    /**
     * Reserves {@code count} seqs in each room (locking its row until commit) and returns each room's new last seq.
     * Rooms are updated in id order so two writers never lock them in opposite orders. Closed rooms are left out.
     */
    Map<Long, Long> reserveSeqs(Map<Long, Integer> countByRoom, Instant now) {
        List<Long> open = updateOpenRooms(
                "UPDATE rooms SET last_seq = last_seq + ?, last_activity_at = ? WHERE id = ? AND closed_at IS NULL",
                countByRoom.keySet(), (ps, roomId) -> {
                    ps.setInt(1, countByRoom.get(roomId));
                    Times.bind(ps, 2, now);
                    ps.setLong(3, roomId);
                });
        return readRooms(open, "last_seq");
    }

    /** Runs the update once per room, in room id order (see lockRooms), and returns the rooms it changed: the open ones. */
    private List<Long> updateOpenRooms(String sql, Collection<Long> roomIds, ParameterizedPreparedStatementSetter<Long> binder) {
        List<Long> sorted = roomIds.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) {
            return List.of();
        }
        int[] updated = jdbcTemplate.batchUpdate(sql, sorted, sorted.size(), binder)[0];
        List<Long> open = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (updated[i] != 0) {
                open.add(sorted.get(i));
            }
        }
        return open;
    }

    /** One column of each of these rooms, by id. */
    private Map<Long, Long> readRooms(List<Long> roomIds, String column) {
        Map<Long, Long> values = new HashMap<>();
        if (!roomIds.isEmpty()) {
            jdbc.sql("SELECT id, " + column + " FROM rooms WHERE id IN (:ids)").param("ids", roomIds)
                    .query(rs -> {
                        values.put(rs.getLong("id"), rs.getLong(column));
                    });
        }
        return values;
    }

    void insert(List<ChatMessage> messages) {
        jdbcTemplate.batchUpdate("INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                messages, messages.size(), MessageStore::bind);
    }

    /**
     * Finds earlier sends with the same (sender, clientMsgId), so a resend returns the original. One equality
     * lookup per key on the unique index: a row-value IN list was planned as a scan of the whole table on H2, and
     * on PostgreSQL whenever its statistics were stale.
     */
    List<ChatMessage> findByClientIds(List<SenderKey> keys) {
        List<ChatMessage> found = new ArrayList<>();
        for (SenderKey key : keys) {
            jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE sender_id = ? AND client_msg_id = ?")
                    .params(key.senderId(), key.clientMsgId())
                    .query(MessageStore::map).optional().ifPresent(found::add);
        }
        return found;
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

    /** The room's newest seq as committed (a primary-key lookup). */
    public long lastSeq(long roomId) {
        return jdbc.sql("SELECT last_seq FROM rooms WHERE id = ?").param(roomId).query(Long.class).optional().orElse(0L);
    }

    /**
     * The messages with {@code afterSeq < seq < beforeSeq}, in seq order. Callers pass a range as narrow as the
     * page they want: a room's seqs have no gaps (every seq up to {@code rooms.last_seq} is a row; a deleted
     * message stays as a tombstone), so the range says how many rows come back, and both databases read just
     * those from the (room_id, seq) index, however long the room's history.
     */
    public List<ChatMessage> range(long roomId, long afterSeq, long beforeSeq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE room_id = ? AND seq > ? AND seq < ? ORDER BY seq")
                .params(roomId, afterSeq, beforeSeq)
                .query(MessageStore::map).list();
    }

    /** The newest message of each room, in one query, for the room list. */
    public Map<Long, ChatMessage> lastMessages(List<Long> roomIds) {
        Map<Long, ChatMessage> last = new HashMap<>();
        if (roomIds.isEmpty()) {
            return last;
        }
        jdbc.sql("SELECT m.id, m.room_id, m.seq, m.sender_id, m.client_msg_id, m.type, m.content, m.meta, m.created_at, "
                        + "m.edited_at, m.deleted_at, m.reply_to_seq, m.reactions FROM messages m JOIN rooms r ON r.id = m.room_id "
                        + "AND m.seq >= r.last_seq AND m.seq <= r.last_seq "
                        + "WHERE r.id IN (:ids)")
                .param("ids", roomIds)
                .query(MessageStore::map).list()
                .forEach(m -> last.put(m.roomId(), m));
        return last;
    }

    /**
     * These messages (a page of search hits, from any rooms): one equality lookup on the (room_id, seq) index each,
     * the same statement every time. {@code seq IN (...)} within a room was read by H2 as a scan of the room's
     * whole history, and a UNION ALL of the lookups cost more to plan than the lookups themselves.
     */
    public Map<SeqKey, ChatMessage> findAll(List<SeqKey> keys) {
        Map<SeqKey, ChatMessage> found = new HashMap<>();
        for (SeqKey key : keys) {
            find(key.roomId(), key.seq()).ifPresent(m -> found.put(key, m));
        }
        return found;
    }

    /** A message's place: its room and its seq there. */
    public record SeqKey(long roomId, long seq) {
    }

    public Optional<ChatMessage> find(long roomId, long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE " + ONE_MESSAGE)
                .params(roomId, seq, seq).query(MessageStore::map).optional();
    }

    public void edit(long roomId, long seq, String content, Instant at) {
        jdbc.sql("UPDATE messages SET content = ?, edited_at = ? WHERE " + ONE_MESSAGE)
                .params(content, Times.sql(at), roomId, seq, seq).update();
        journalChange(roomId, seq, at);
    }

    /** Its reactions go with its text: a tombstone keeps no trace of what was said or felt about it. */
    public void tombstone(long roomId, long seq, Instant at) {
        jdbc.sql("UPDATE messages SET content = NULL, reactions = NULL, deleted_at = ? WHERE " + ONE_MESSAGE)
                .params(Times.sql(at), roomId, seq, seq).update();
        jdbc.sql("DELETE FROM message_reactions WHERE " + ONE_MESSAGE).params(roomId, seq, seq).update();
        journalChange(roomId, seq, at);
    }

    /** The message's reaction counts as JSON (null: none), in the transaction that changed its reactions. */
    public void setReactions(long roomId, long seq, String counts) {
        jdbc.sql("UPDATE messages SET reactions = ? WHERE " + ONE_MESSAGE).params(counts, roomId, seq, seq).update();
    }

    /** In the same transaction as the change, so a follower (the search index) never misses one. */
    private void journalChange(long roomId, long seq, Instant at) {
        jdbc.sql("INSERT INTO message_changes (room_id, seq, changed_at) VALUES (?, ?, ?)")
                .params(roomId, seq, Times.sql(at)).update();
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
        if (m.replyToSeq() == null) {
            ps.setNull(12, Types.BIGINT);
        } else {
            ps.setLong(12, m.replyToSeq());
        }
        ps.setString(13, m.reactions());
    }

    static ChatMessage map(ResultSet rs, int row) throws SQLException {
        long sender = rs.getLong("sender_id");
        Long senderId = rs.wasNull() ? null : sender;
        long replyTo = rs.getLong("reply_to_seq");
        Long replyToSeq = rs.wasNull() ? null : replyTo;
        return new ChatMessage(rs.getObject("id", UUID.class), rs.getLong("room_id"), rs.getLong("seq"), senderId,
                rs.getString("client_msg_id"), MessageType.valueOf(rs.getString("type")), rs.getString("content"),
                rs.getString("meta"), Times.read(rs, "created_at"), Times.read(rs, "edited_at"),
                Times.read(rs, "deleted_at"), replyToSeq, rs.getString("reactions"));
    }

    record SenderKey(long senderId, String clientMsgId) {
    }

    record ReadAdvance(long roomId, long userId, long seq) {
    }
}

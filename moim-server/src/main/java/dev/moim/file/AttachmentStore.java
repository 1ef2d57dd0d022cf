package dev.moim.file;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.moim.common.Times;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Attachment rows: who uploaded what to which room, which message carries it, and when its bytes go. */
@Repository
class AttachmentStore {

    private static final String COLUMNS = "id, owner_id, room_id, kind, name, content_type, size, width, height, frames, "
            + "thumb_type, thumb_width, thumb_height, thumb_size, idempotency_key, message_seq, created_at, stored_at, "
            + "deleted_at";
    private static final String SELECT_COLUMNS = COLUMNS + ", album_position";

    private final JdbcClient jdbc;

    AttachmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new row, not yet stored; the unique (owner, idempotency key) index catches a retry racing this one. */
    void insert(Attachment a) {
        jdbc.sql("INSERT INTO attachments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.ownerId(), a.roomId(), a.kind().name(), a.name(), a.contentType(), a.size(), a.width(),
                        a.height(), a.frames(), a.thumbType(), a.thumbWidth(), a.thumbHeight(), a.thumbSize(),
                        a.idempotencyKey(), a.messageSeq(), Times.sql(a.createdAt()), null, null)
                .update();
    }

    void markStored(UUID id, Instant at) {
        jdbc.sql("UPDATE attachments SET stored_at = ? WHERE id = ?").params(Times.sql(at), id).update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM attachments WHERE id = ?").param(id).update();
    }

    Optional<Attachment> find(UUID id) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE id = ?").param(id).query(AttachmentStore::map).optional();
    }

    List<Attachment> findAll(Collection<UUID> ids) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE id IN (:ids)").param("ids", ids)
                .query(AttachmentStore::map).list();
    }

    Optional<Attachment> findByIdempotencyKey(long ownerId, String key) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE owner_id = ? AND idempotency_key = ?")
                .params(ownerId, key).query(AttachmentStore::map).optional();
    }

    /** Locks the user's row until the transaction ends: one user's uploads are counted against the quota one at a time. */
    void lockOwner(long ownerId) {
        jdbc.sql("SELECT id FROM users WHERE id = ? FOR UPDATE").param(ownerId).query((rs, row) -> rs.getLong(1)).optional();
    }

    /** Bytes of the user's uploads that are not deleted, thumbnails included. */
    long usageByOwner(long ownerId) {
        return jdbc.sql("SELECT COALESCE(SUM(size + COALESCE(thumb_size, 0)), 0) FROM attachments "
                        + "WHERE owner_id = ? AND deleted_at IS NULL")
                .param(ownerId).query(Long.class).single();
    }

    long usageByRoom(long roomId) {
        return jdbc.sql("SELECT COALESCE(SUM(size + COALESCE(thumb_size, 0)), 0) FROM attachments "
                        + "WHERE room_id = ? AND deleted_at IS NULL")
                .param(roomId).query(Long.class).single();
    }

    /**
     * Gives the uploads to the message at {@code seq}, in its transaction; returns how many it took. Fewer than asked
     * means one was taken by another message meanwhile (or deleted), and the send must fail.
     */
    int claim(List<UUID> ids, long ownerId, long roomId, long seq) {
        int claimed = 0;
        for (int position = 0; position < ids.size(); position++) {
            claimed += jdbc.sql("UPDATE attachments SET message_seq = ?, album_position = ? WHERE id = ? AND owner_id = ? "
                            + "AND room_id = ? AND message_seq IS NULL AND deleted_at IS NULL AND stored_at IS NOT NULL")
                    .params(seq, position, ids.get(position), ownerId, roomId).update();
        }
        return claimed;
    }

    /** The files of a deleted message: out of sight now, their bytes deleted after {@code purgeAfter}. */
    int release(long roomId, long seq, Instant now, Instant purgeAfter) {
        // The same one-seq range as MessageStore's lookups, so that H2 takes the (room_id, message_seq) index.
        return jdbc.sql("UPDATE attachments SET deleted_at = ?, purge_after = ? "
                        + "WHERE room_id = ? AND message_seq >= ? AND message_seq <= ? AND deleted_at IS NULL")
                .params(Times.sql(now), Times.sql(purgeAfter), roomId, seq, seq).update();
    }

    /** Uploads no message took within the time allowed (or whose bytes never finished storing) are released. */
    int releaseOrphans(Instant createdBefore, Instant now) {
        return jdbc.sql("UPDATE attachments SET deleted_at = ?, purge_after = ? "
                        + "WHERE created_at < ? AND message_seq IS NULL AND deleted_at IS NULL")
                .params(Times.sql(now), Times.sql(now), Times.sql(createdBefore)).update();
    }

    /**
     * Files of rooms closed (their last member left) since {@code closedSince}: nobody can see them any more. Looked up
     * room by room, through the (room_id, message_seq) index.
     */
    int releaseClosedRooms(Instant closedSince, Instant now, Instant purgeAfter) {
        List<Long> closed = jdbc.sql("SELECT id FROM rooms WHERE closed_at IS NOT NULL AND closed_at >= ?")
                .param(Times.sql(closedSince)).query(Long.class).list();
        int released = 0;
        for (long roomId : closed) {
            released += jdbc.sql("UPDATE attachments SET deleted_at = ?, purge_after = ? WHERE room_id = ? AND deleted_at IS NULL")
                    .params(Times.sql(now), Times.sql(purgeAfter), roomId).update();
        }
        return released;
    }

    List<Attachment> duePurges(Instant now, int limit) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE purge_after <= ? ORDER BY purge_after LIMIT ?")
                .params(Times.sql(now), limit).query(AttachmentStore::map).list();
    }

    /**
     * A room's photos or files that a member who joined at {@code joinedSeq} may see, newest message first and each
     * message's in album order, from messages {@code fromSeq} (inclusive) down to above {@code joinedSeq}.
     */
    List<Attachment> gallery(long roomId, AttachmentKind kind, long joinedSeq, long fromSeq, int limit) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE room_id = ? AND message_seq > ? AND message_seq <= ? "
                        + "AND kind = ? AND deleted_at IS NULL ORDER BY message_seq DESC, album_position LIMIT ?")
                .params(roomId, joinedSeq, fromSeq, kind.name(), limit).query(AttachmentStore::map).list();
    }

    /** The rest of one message's photos or files, from album position {@code fromPosition} on. */
    List<Attachment> restOfMessage(long roomId, AttachmentKind kind, long seq, int fromPosition) {
        return jdbc.sql("SELECT " + SELECT_COLUMNS + " FROM attachments WHERE room_id = ? AND message_seq >= ? AND message_seq <= ? "
                        + "AND kind = ? AND album_position >= ? AND deleted_at IS NULL ORDER BY album_position")
                .params(roomId, seq, seq, kind.name(), fromPosition).query(AttachmentStore::map).list();
    }

    private static Attachment map(ResultSet rs, int row) throws SQLException {
        return new Attachment(rs.getObject("id", UUID.class), rs.getLong("owner_id"), rs.getLong("room_id"),
                AttachmentKind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("content_type"),
                rs.getLong("size"), rs.getObject("width", Integer.class), rs.getObject("height", Integer.class),
                rs.getInt("frames"), rs.getString("thumb_type"), rs.getObject("thumb_width", Integer.class),
                rs.getObject("thumb_height", Integer.class), rs.getObject("thumb_size", Long.class),
                rs.getString("idempotency_key"), rs.getObject("message_seq", Long.class), rs.getObject("album_position", Integer.class),
                Times.read(rs, "created_at"), Times.read(rs, "stored_at"), Times.read(rs, "deleted_at"));
    }
}

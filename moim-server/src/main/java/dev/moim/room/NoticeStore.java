package dev.moim.room;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.moim.common.Times;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each room's pinned notice (table room_notices), read with its message as the message is now. */
@Repository
public class NoticeStore {

    private final JdbcClient jdbc;

    public NoticeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A pinned notice with its message. */
    public record Pinned(long roomId, long pinnedBy, Instant pinnedAt, ChatMessage message) {
    }

    public Optional<Pinned> find(long roomId) {
        return Optional.ofNullable(findAll(List.of(roomId)).get(roomId));
    }

    /**
     * The notices of these rooms, in one query, for the room list. The message is joined by a one-seq range on
     * purpose (see MessageStore's ONE_MESSAGE): H2 then takes the (room_id, seq) index.
     */
    public Map<Long, Pinned> findAll(Collection<Long> roomIds) {
        Map<Long, Pinned> found = new HashMap<>();
        if (roomIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT n.pinned_by, n.pinned_at, m.id, m.room_id, m.seq, m.sender_id, m.client_msg_id, m.type, "
                        + "m.content, m.meta, m.created_at, m.edited_at, m.deleted_at, m.reply_to_seq, m.reactions "
                        + "FROM room_notices n JOIN messages m ON m.room_id = n.room_id AND m.seq >= n.seq AND m.seq <= n.seq "
                        + "WHERE n.room_id IN (:ids)")
                .param("ids", roomIds)
                .query(rs -> {
                    ChatMessage message = MessageStore.map(rs, 0);
                    found.put(message.roomId(), new Pinned(message.roomId(), rs.getLong("pinned_by"),
                            Times.read(rs, "pinned_at"), message));
                });
        return found;
    }

    /** Pins the message at {@code seq}, replacing the room's notice if it had one. */
    public void pin(long roomId, long seq, long userId, Instant at) {
        int updated = jdbc.sql("UPDATE room_notices SET seq = ?, pinned_by = ?, pinned_at = ? WHERE room_id = ?")
                .params(seq, userId, Times.sql(at), roomId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO room_notices (room_id, seq, pinned_by, pinned_at) VALUES (?, ?, ?, ?)")
                    .params(roomId, seq, userId, Times.sql(at)).update();
        }
    }

    /** Unpins the room's notice; false when it had none. */
    public boolean unpin(long roomId) {
        return jdbc.sql("DELETE FROM room_notices WHERE room_id = ?").param(roomId).update() > 0;
    }

    /** Unpins the room's notice if it is the message at {@code seq} (being deleted); false when it is not. */
    public boolean unpinIf(long roomId, long seq) {
        return jdbc.sql("DELETE FROM room_notices WHERE room_id = ? AND seq = ?").params(roomId, seq).update() > 0;
    }
}

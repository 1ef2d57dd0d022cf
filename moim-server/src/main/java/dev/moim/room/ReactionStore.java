package dev.moim.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.moim.common.Times;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who reacted to which message with what (table message_reactions). The counts clients see are kept on the
 * message's row ({@link MessageStore#setReactions}), recounted from here in the transaction of each change.
 * Every change runs under the room's lock (on the room writer), so a check followed by a write is exact.
 */
@Repository
public class ReactionStore {

    private static final String ONE_MESSAGE = "room_id = ? AND seq >= ? AND seq <= ?";

    private final JdbcClient jdbc;

    public ReactionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the user's emoji to the message; false when it was there already. */
    public boolean add(long roomId, long seq, long userId, String emoji, Instant at) {
        if (has(roomId, seq, userId, emoji)) {
            return false;
        }
        jdbc.sql("INSERT INTO message_reactions (room_id, seq, user_id, emoji, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(roomId, seq, userId, emoji, Times.sql(at)).update();
        return true;
    }

    /** Removes the user's emoji from the message; false when it was not there. */
    public boolean remove(long roomId, long seq, long userId, String emoji) {
        return jdbc.sql("DELETE FROM message_reactions WHERE " + ONE_MESSAGE + " AND user_id = ? AND emoji = ?")
                .params(roomId, seq, seq, userId, emoji).update() > 0;
    }

    private boolean has(long roomId, long seq, long userId, String emoji) {
        return jdbc.sql("SELECT COUNT(*) FROM message_reactions WHERE " + ONE_MESSAGE + " AND user_id = ? AND emoji = ?")
                .params(roomId, seq, seq, userId, emoji).query(Long.class).single() > 0;
    }

    /** Each emoji's count on the message (emojis nobody used are absent). */
    public Map<String, Integer> counts(long roomId, long seq) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT emoji, COUNT(*) AS n FROM message_reactions WHERE " + ONE_MESSAGE + " GROUP BY emoji")
                .params(roomId, seq, seq)
                .query(rs -> {
                    counts.put(rs.getString("emoji"), rs.getInt("n"));
                });
        return counts;
    }

    /** Who reacted with each emoji, earliest first. */
    public Map<String, List<Long>> who(long roomId, long seq) {
        Map<String, List<Long>> who = new LinkedHashMap<>();
        jdbc.sql("SELECT emoji, user_id FROM message_reactions WHERE " + ONE_MESSAGE + " ORDER BY created_at, user_id")
                .params(roomId, seq, seq)
                .query(rs -> {
                    who.computeIfAbsent(rs.getString("emoji"), e -> new ArrayList<>()).add(rs.getLong("user_id"));
                });
        return who;
    }

    /** The emojis this user put on each message from {@code fromSeq} to {@code toSeq}, by seq (none: absent). */
    public Map<Long, List<String>> mine(long roomId, long fromSeq, long toSeq, long userId) {
        Map<Long, List<String>> mine = new LinkedHashMap<>();
        jdbc.sql("SELECT seq, emoji FROM message_reactions WHERE " + ONE_MESSAGE + " AND user_id = ?")
                .params(roomId, fromSeq, toSeq, userId)
                .query(rs -> {
                    mine.computeIfAbsent(rs.getLong("seq"), s -> new ArrayList<>()).add(rs.getString("emoji"));
                });
        return mine;
    }

    /** The emojis this user put on the message. */
    public List<String> mine(long roomId, long seq, long userId) {
        return jdbc.sql("SELECT emoji FROM message_reactions WHERE " + ONE_MESSAGE + " AND user_id = ?")
                .params(roomId, seq, seq, userId).query(String.class).list();
    }
}

package dev.moim.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.moim.common.Times;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How far each search index has followed the database (see V3__search.sql): per room the last seq it holds, and
 * the last edit or deletion it applied. Positions are saved only after the index said its write was durable, so a
 * crash between the two re-puts a few messages, which replaces them, and loses nothing.
 */
@Repository
class SearchPositions {

    /** The row that holds a index's position in message_changes rather than in a room. */
    private static final long CHANGES = 0;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    SearchPositions(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** A room with messages the index does not hold yet: seqs {@code indexedSeq+1 .. lastSeq}. */
    record Pending(long roomId, long indexedSeq, long lastSeq) {
    }

    /** Rooms behind, in id order from {@code fromRoomId} on (all rooms), or among {@code roomIds} when given. */
    List<Pending> pending(String indexId, Collection<Long> roomIds, long fromRoomId, int limit) {
        String sql = "SELECT r.id, r.last_seq, COALESCE(p.indexed_seq, 0) AS indexed FROM rooms r "
                + "LEFT JOIN search_positions p ON p.index_id = :index AND p.room_id = r.id "
                + "WHERE r.last_seq > COALESCE(p.indexed_seq, 0) AND r.id >= :from "
                + (roomIds == null ? "" : "AND r.id IN (:ids) ")
                + "ORDER BY r.id LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("index", indexId).param("from", fromRoomId)
                .param("limit", limit);
        if (roomIds != null) {
            if (roomIds.isEmpty()) {
                return List.of();
            }
            statement = statement.param("ids", roomIds);
        }
        return statement.query((rs, row) -> new Pending(rs.getLong("id"), rs.getLong("indexed"), rs.getLong("last_seq"))).list();
    }

    /** Messages committed but not yet in the index (system messages and tombstones included: they are skipped). */
    long behind(String indexId) {
        return jdbc.sql("SELECT COALESCE(SUM(r.last_seq - COALESCE(p.indexed_seq, 0)), 0) FROM rooms r "
                        + "LEFT JOIN search_positions p ON p.index_id = ? AND p.room_id = r.id")
                .param(indexId).query(Long.class).single();
    }

    void save(String indexId, Map<Long, Long> seqByRoom) {
        List<Map.Entry<Long, Long>> entries = new ArrayList<>(seqByRoom.entrySet());
        if (entries.isEmpty()) {
            return;
        }
        int[] updated = jdbcTemplate.batchUpdate(
                "UPDATE search_positions SET indexed_seq = ? WHERE index_id = ? AND room_id = ?", entries, entries.size(),
                (ps, e) -> {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, indexId);
                    ps.setLong(3, e.getKey());
                })[0];
        List<Map.Entry<Long, Long>> fresh = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (updated[i] == 0) {
                fresh.add(entries.get(i));
            }
        }
        // Only the lease holder writes an index's positions, so nobody inserts the same row meanwhile.
        jdbcTemplate.batchUpdate("INSERT INTO search_positions (index_id, room_id, indexed_seq) VALUES (?, ?, ?)",
                fresh, fresh.size(), (ps, e) -> {
                    ps.setString(1, indexId);
                    ps.setLong(2, e.getKey());
                    ps.setLong(3, e.getValue());
                });
    }

    long changesApplied(String indexId) {
        return jdbc.sql("SELECT indexed_seq FROM search_positions WHERE index_id = ? AND room_id = ?")
                .params(indexId, CHANGES).query(Long.class).optional().orElse(0L);
    }

    void saveChangesApplied(String indexId, long changeId) {
        save(indexId, Map.of(CHANGES, changeId));
    }

    record Change(long id, long roomId, long seq) {
    }

    /**
     * Edits and deletions after {@code afterId}, and again every one since {@code recentSince}: an identity value
     * taken by a transaction that committed after a larger one would otherwise be passed over.
     */
    List<Change> changes(long afterId, Instant recentSince, int limit) {
        return jdbc.sql("SELECT id, room_id, seq FROM message_changes WHERE id > ? OR changed_at > ? ORDER BY id LIMIT ?")
                .params(afterId, Times.sql(recentSince), limit)
                .query((rs, row) -> new Change(rs.getLong("id"), rs.getLong("room_id"), rs.getLong("seq"))).list();
    }

    /** The journal keeps a day: every index is either that close behind or rebuilt. */
    int forgetChangesBefore(Instant before) {
        return jdbc.sql("DELETE FROM message_changes WHERE changed_at < ?").param(Times.sql(before)).update();
    }

    /** Drops every position of an index that is gone (rebuilt, or replaced by a new directory). */
    void forgetIndex(String indexId) {
        jdbc.sql("DELETE FROM search_positions WHERE index_id = ?").param(indexId).update();
        jdbc.sql("DELETE FROM search_leases WHERE index_id = ?").param(indexId).update();
    }

    /**
     * Takes or renews the right to write {@code indexId} for {@code ttl}. Each node's own Lucene index has an id of
     * its own, so this matters only for a shared one: two nodes writing it would both work and race.
     */
    boolean lease(String indexId, String holder, Instant now, Duration ttl) {
        int renewed = jdbc.sql("UPDATE search_leases SET holder = ?, expires_at = ? "
                        + "WHERE index_id = ? AND (holder = ? OR expires_at < ?)")
                .params(holder, Times.sql(now.plus(ttl)), indexId, holder, Times.sql(now)).update();
        if (renewed > 0) {
            return true;
        }
        try {
            jdbc.sql("INSERT INTO search_leases (index_id, holder, expires_at) VALUES (?, ?, ?)")
                    .params(indexId, holder, Times.sql(now.plus(ttl))).update();
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }
}

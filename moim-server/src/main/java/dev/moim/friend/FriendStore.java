package dev.moim.friend;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Friend requests, friendships (a row per side) and blocks. */
@Repository
class FriendStore implements PersonalData {

    record Since(long userId, Instant at) {
    }

    record Shared(long userId, int rooms) {
    }

    private final JdbcClient jdbc;

    FriendStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks both users' rows, lower id first, until the transaction ends: every change between two people runs one
     * at a time, so two requests crossing each other, or an accept racing a cancel, cannot both win.
     */
    void lockPair(long a, long b) {
        jdbc.sql("SELECT id FROM users WHERE id IN (?, ?) ORDER BY id FOR UPDATE").params(a, b)
                .query((rs, row) -> rs.getLong(1)).list();
    }

    /** A withdrawn person leaves no friendship, request or block behind, on either side. */
    @Override
    public void erase(long userId) {
        jdbc.sql("DELETE FROM friendships WHERE user_id = ? OR friend_id = ?").params(userId, userId).update();
        jdbc.sql("DELETE FROM friend_requests WHERE requester_id = ? OR addressee_id = ?").params(userId, userId).update();
        jdbc.sql("DELETE FROM blocks WHERE blocker_id = ? OR blocked_id = ?").params(userId, userId).update();
    }

    boolean userExists(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ?").param(id).query(Integer.class).single() > 0;
    }

    boolean requested(long requester, long addressee) {
        return jdbc.sql("SELECT COUNT(*) FROM friend_requests WHERE requester_id = ? AND addressee_id = ?")
                .params(requester, addressee).query(Integer.class).single() > 0;
    }

    /** False when the request was there already. */
    boolean insertRequest(long requester, long addressee, Instant now) {
        try {
            jdbc.sql("INSERT INTO friend_requests (requester_id, addressee_id, created_at) VALUES (?, ?, ?)")
                    .params(requester, addressee, Times.sql(now)).update();
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    boolean deleteRequest(long requester, long addressee) {
        return jdbc.sql("DELETE FROM friend_requests WHERE requester_id = ? AND addressee_id = ?")
                .params(requester, addressee).update() > 0;
    }

    /** Requests to the user, leaving out those from people the user blocked. */
    List<Since> incoming(long userId) {
        return jdbc.sql("SELECT requester_id, created_at FROM friend_requests r WHERE addressee_id = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM blocks b WHERE b.blocker_id = r.addressee_id AND b.blocked_id = r.requester_id) "
                        + "ORDER BY created_at DESC")
                .param(userId).query((rs, row) -> new Since(rs.getLong(1), Times.read(rs, "created_at"))).list();
    }

    List<Since> outgoing(long userId) {
        return jdbc.sql("SELECT addressee_id, created_at FROM friend_requests WHERE requester_id = ? ORDER BY created_at DESC")
                .param(userId).query((rs, row) -> new Since(rs.getLong(1), Times.read(rs, "created_at"))).list();
    }

    boolean friends(long a, long b) {
        return jdbc.sql("SELECT COUNT(*) FROM friendships WHERE user_id = ? AND friend_id = ?").params(a, b)
                .query(Integer.class).single() > 0;
    }

    void befriend(long a, long b, Instant now) {
        jdbc.sql("INSERT INTO friendships (user_id, friend_id, since) VALUES (?, ?, ?)").params(a, b, Times.sql(now)).update();
        jdbc.sql("INSERT INTO friendships (user_id, friend_id, since) VALUES (?, ?, ?)").params(b, a, Times.sql(now)).update();
    }

    boolean unfriend(long a, long b) {
        return jdbc.sql("DELETE FROM friendships WHERE (user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?)")
                .params(a, b, b, a).update() > 0;
    }

    List<Since> friendsOf(long userId) {
        return jdbc.sql("SELECT friend_id, since FROM friendships WHERE user_id = ? ORDER BY since DESC")
                .param(userId).query((rs, row) -> new Since(rs.getLong(1), Times.read(rs, "since"))).list();
    }

    /** For each of the users, their friends (who watch their presence). */
    Map<Long, List<Long>> friendsOfAll(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT user_id, friend_id FROM friendships WHERE user_id IN (:ids)").param("ids", userIds)
                .query((rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)}).list().stream()
                .collect(Collectors.groupingBy(pair -> pair[0], Collectors.mapping(pair -> pair[1], Collectors.toList())));
    }

    boolean blocks(long blocker, long blocked) {
        return jdbc.sql("SELECT COUNT(*) FROM blocks WHERE blocker_id = ? AND blocked_id = ?").params(blocker, blocked)
                .query(Integer.class).single() > 0;
    }

    /** False when the block was there already. */
    boolean block(long blocker, long blocked, Instant now) {
        try {
            jdbc.sql("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)")
                    .params(blocker, blocked, Times.sql(now)).update();
            return true;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    boolean unblock(long blocker, long blocked) {
        return jdbc.sql("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?").params(blocker, blocked).update() > 0;
    }

    List<Since> blockedBy(long blocker) {
        return jdbc.sql("SELECT blocked_id, created_at FROM blocks WHERE blocker_id = ? ORDER BY created_at DESC")
                .param(blocker).query((rs, row) -> new Since(rs.getLong(1), Times.read(rs, "created_at"))).list();
    }

    /**
     * People the user shares open rooms with, most shared rooms first, who are not friends yet, not asked already,
     * and not blocked either way.
     */
    List<Shared> suggestions(long userId, int limit) {
        return jdbc.sql("""
                        SELECT other.user_id, COUNT(*) AS shared
                        FROM room_members me
                        JOIN rooms r ON r.id = me.room_id AND r.closed_at IS NULL
                        JOIN room_members other ON other.room_id = me.room_id AND other.user_id <> me.user_id
                        WHERE me.user_id = :me
                          AND NOT EXISTS (SELECT 1 FROM friendships f WHERE f.user_id = :me AND f.friend_id = other.user_id)
                          AND NOT EXISTS (SELECT 1 FROM friend_requests q WHERE q.requester_id = :me AND q.addressee_id = other.user_id)
                          AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = :me AND b.blocked_id = other.user_id)
                                                                 OR (b.blocker_id = other.user_id AND b.blocked_id = :me))
                        GROUP BY other.user_id
                        ORDER BY shared DESC, other.user_id
                        LIMIT :limit""")
                .param("me", userId).param("limit", limit)
                .query((rs, row) -> new Shared(rs.getLong(1), rs.getInt(2))).list();
    }
}

package dev.moim.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.moim.common.Times;
import dev.moim.user.PersonalData;
import dev.moim.view.JoinPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Applications, bans, invite links and the directory's query. Everything that changes one of them runs in a room
 * writer task that holds the room's lock, so the rules checked there (one pending application, no use past a link's
 * limit, no banned member) hold across nodes.
 */
@Repository
class GroupStore implements PersonalData {

    private final JdbcClient jdbc;

    GroupStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- applications ----

    record Application(long roomId, long userId, String note, Instant createdAt) {
    }

    Optional<Application> application(long roomId, long userId) {
        return jdbc.sql("SELECT room_id, user_id, note, created_at FROM room_applications WHERE room_id = ? AND user_id = ?")
                .params(roomId, userId).query(GroupStore::application).optional();
    }

    /** Oldest first. */
    List<Application> applications(long roomId) {
        return jdbc.sql("SELECT room_id, user_id, note, created_at FROM room_applications WHERE room_id = ? "
                        + "ORDER BY created_at, user_id")
                .param(roomId).query(GroupStore::application).list();
    }

    void insertApplication(long roomId, long userId, String note, Instant now) {
        jdbc.sql("INSERT INTO room_applications (room_id, user_id, note, created_at) VALUES (?, ?, ?, ?)")
                .params(roomId, userId, note, Times.sql(now)).update();
    }

    boolean deleteApplication(long roomId, long userId) {
        return jdbc.sql("DELETE FROM room_applications WHERE room_id = ? AND user_id = ?").params(roomId, userId).update() > 0;
    }

    /** Of these rooms, the ones the user has applied to. */
    Set<Long> appliedAmong(long userId, Collection<Long> roomIds) {
        Set<Long> applied = new HashSet<>();
        if (!roomIds.isEmpty()) {
            jdbc.sql("SELECT room_id FROM room_applications WHERE user_id = :user AND room_id IN (:rooms)")
                    .param("user", userId).param("rooms", roomIds)
                    .query(rs -> {
                        applied.add(rs.getLong("room_id"));
                    });
        }
        return applied;
    }

    private static Application application(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Application(rs.getLong("room_id"), rs.getLong("user_id"), rs.getString("note"), Times.read(rs, "created_at"));
    }

    /** A withdrawn account's applications go with it; its bans stay (they hold nothing but an id). */
    @Override
    public void erase(long userId) {
        jdbc.sql("DELETE FROM room_applications WHERE user_id = ?").param(userId).update();
    }

    // ---- bans ----

    record Ban(long userId, Long bannedBy, Instant createdAt) {
    }

    boolean isBanned(long roomId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM room_bans WHERE room_id = ? AND user_id = ?").params(roomId, userId)
                .query(Long.class).single() > 0;
    }

    List<Long> bannedAmong(long roomId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT user_id FROM room_bans WHERE room_id = :room AND user_id IN (:users) ORDER BY user_id")
                .param("room", roomId).param("users", userIds).query(Long.class).list();
    }

    /** False when they were banned already. */
    boolean insertBan(long roomId, long userId, long bannedBy, Instant now) {
        if (isBanned(roomId, userId)) {
            return false;
        }
        jdbc.sql("INSERT INTO room_bans (room_id, user_id, banned_by, created_at) VALUES (?, ?, ?, ?)")
                .params(roomId, userId, bannedBy, Times.sql(now)).update();
        return true;
    }

    boolean deleteBan(long roomId, long userId) {
        return jdbc.sql("DELETE FROM room_bans WHERE room_id = ? AND user_id = ?").params(roomId, userId).update() > 0;
    }

    /** Newest first. */
    List<Ban> bans(long roomId) {
        return jdbc.sql("SELECT user_id, banned_by, created_at FROM room_bans WHERE room_id = ? ORDER BY created_at DESC, user_id")
                .param(roomId)
                .query((rs, n) -> new Ban(rs.getLong("user_id"), rs.getObject("banned_by", Long.class),
                        Times.read(rs, "created_at")))
                .list();
    }

    // ---- invite links ----

    record Invite(String code, long roomId, long createdBy, Instant createdAt, Instant expiresAt, Integer maxUses, int uses) {
        boolean expired(Instant now) {
            return !expiresAt.isAfter(now);
        }

        boolean usedUp() {
            return maxUses != null && uses >= maxUses;
        }
    }

    private static final String INVITE_COLUMNS = "code, room_id, created_by, created_at, expires_at, max_uses, uses";

    void insertInvite(Invite invite) {
        jdbc.sql("INSERT INTO room_invites (" + INVITE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(invite.code(), invite.roomId(), invite.createdBy(), Times.sql(invite.createdAt()),
                        Times.sql(invite.expiresAt()), invite.maxUses(), invite.uses())
                .update();
    }

    Optional<Invite> invite(String code) {
        return jdbc.sql("SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE code = ?").param(code)
                .query(GroupStore::invite).optional();
    }

    /** Newest first. */
    List<Invite> invites(long roomId) {
        return jdbc.sql("SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE room_id = ? ORDER BY created_at DESC, code")
                .param(roomId).query(GroupStore::invite).list();
    }

    int countInvites(long roomId) {
        return jdbc.sql("SELECT COUNT(*) FROM room_invites WHERE room_id = ?").param(roomId).query(Integer.class).single();
    }

    /** Links a day past their expiry are of no use to show: they go when the room makes a new one. */
    void purgeInvites(long roomId, Instant expiredBefore) {
        jdbc.sql("DELETE FROM room_invites WHERE room_id = ? AND expires_at < ?").params(roomId, Times.sql(expiredBefore))
                .update();
    }

    boolean deleteInvite(long roomId, String code) {
        return jdbc.sql("DELETE FROM room_invites WHERE room_id = ? AND code = ?").params(roomId, code).update() > 0;
    }

    /**
     * Counts one use, only while the link is live and under its limit, in one statement: whatever else happens, no
     * link is used more than its maxUses times. False when it was not.
     */
    boolean useInvite(String code, Instant now) {
        return jdbc.sql("UPDATE room_invites SET uses = uses + 1 WHERE code = ? AND expires_at > ? "
                        + "AND (max_uses IS NULL OR uses < max_uses)")
                .params(code, Times.sql(now)).update() > 0;
    }

    private static Invite invite(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Invite(rs.getString("code"), rs.getLong("room_id"), rs.getLong("created_by"), Times.read(rs, "created_at"),
                Times.read(rs, "expires_at"), rs.getObject("max_uses", Integer.class), rs.getInt("uses"));
    }

    // ---- the directory ----

    /** Of these rooms, the ones the user is a member of. */
    Set<Long> memberOf(long userId, Collection<Long> roomIds) {
        Set<Long> rooms = new HashSet<>();
        if (!roomIds.isEmpty()) {
            jdbc.sql("SELECT room_id FROM room_members WHERE user_id = :user AND room_id IN (:rooms)")
                    .param("user", userId).param("rooms", roomIds)
                    .query(rs -> {
                        rooms.add(rs.getLong("room_id"));
                    });
        }
        return rooms;
    }

    /** One room as the directory lists it. */
    record Listed(long id, String name, String description, List<String> tags, UUID coverAttachmentId,
                  JoinPolicy joinPolicy, boolean hasPassword, int memberCount, Integer memberLimit, Instant lastActivityAt) {
    }

    enum Sort {
        ACTIVITY("last_activity_at"),
        MEMBERS("member_count");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /** Where the last page ended: its last room's sort value and id. */
    record After(Instant activity, Integer members, long id) {
    }

    /**
     * OPEN and REQUEST rooms, not closed, matching every word of the query (see {@link RoomCatalog}), with the tag if
     * one is given, after the cursor, in the sort's order (descending, then by id descending), at most {@code limit}.
     */
    List<Listed> listed(List<RoomTerms.QueryWord> words, String tag, Sort sort, After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, name, description, tags, cover_attachment_id, join_policy, "
                + "CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password, member_count, member_limit, "
                + "last_activity_at FROM rooms WHERE type = 'GROUP' AND closed_at IS NULL "
                + "AND join_policy IN ('OPEN', 'REQUEST')");
        List<Object> params = new ArrayList<>();
        if (tag != null) {
            sql.append(" AND tags LIKE ? ESCAPE '\\'");
            params.add("%," + escape(tag) + ",%");
        }
        for (RoomTerms.QueryWord word : words) {
            List<String> either = new ArrayList<>();
            if (!word.terms().isEmpty()) {
                List<String> all = new ArrayList<>();
                for (String term : word.terms()) {
                    all.add("search_terms LIKE ? ESCAPE '\\'");
                    params.add("% " + escape(term) + " %");
                }
                either.add("(" + String.join(" AND ", all) + ")");
            }
            if (!word.grams().isEmpty()) {
                List<String> counted = new ArrayList<>();
                for (String gram : word.grams()) {
                    counted.add("CASE WHEN search_terms LIKE ? ESCAPE '\\' THEN 1 ELSE 0 END");
                    params.add("% " + escape(gram) + " %");
                }
                either.add("(" + String.join(" + ", counted) + ") >= ?");
                params.add(word.gramsRequired());
            }
            // The word as typed, anywhere: what the analysers split differently still matches as text.
            either.add("LOWER(name) LIKE ? ESCAPE '\\'");
            params.add("%" + escape(word.text()) + "%");
            either.add("LOWER(description) LIKE ? ESCAPE '\\'");
            params.add("%" + escape(word.text()) + "%");
            sql.append(" AND (").append(String.join(" OR ", either)).append(")");
        }
        if (after != null) {
            sql.append(" AND (").append(sort.column).append(" < ? OR (").append(sort.column).append(" = ? AND id < ?))");
            Object value = sort == Sort.ACTIVITY ? Times.sql(after.activity()) : after.members();
            params.add(value);
            params.add(value);
            params.add(after.id());
        }
        sql.append(" ORDER BY ").append(sort.column).append(" DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Listed(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                        RoomStore.tags(rs.getString("tags")), rs.getObject("cover_attachment_id", UUID.class),
                        JoinPolicy.valueOf(rs.getString("join_policy")), rs.getInt("has_password") == 1,
                        rs.getInt("member_count"), rs.getObject("member_limit", Integer.class),
                        Times.read(rs, "last_activity_at")))
                .list();
    }

    /** LIKE's wildcards and its escape character, taken literally. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

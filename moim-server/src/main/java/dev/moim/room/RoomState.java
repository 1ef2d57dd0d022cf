package dev.moim.room;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.view.JoinPolicy;
import dev.moim.view.RoomSettings;
import dev.moim.view.RoomType;

/**
 * One room as this node holds it in memory: who is in it, who manages it, how far each member has read, and its
 * group settings. The send path, subscriptions and unread counts are answered from here; the room writer keeps it in
 * step with the database (a change of members, managers or settings drops it, and it is read again).
 */
public final class RoomState {

    private final long id;
    private final RoomType type;
    private final String name;
    private final Long ownerId;
    private final Integer memberLimit;
    private final AtomicLong lastSeq;
    /** The room's version as of the last commit applied here (see RoomCommit); only the room feed and writer move it. */
    private volatile long version;
    private final Map<Long, Member> members;
    private final Group group;
    /** {@link System#nanoTime} when this copy was read from the database. */
    private final long loadedAt = System.nanoTime();

    RoomState(long id, RoomType type, String name, Long ownerId, Integer memberLimit, long lastSeq, long version,
              Map<Long, Member> members, Group group) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.ownerId = ownerId;
        this.memberLimit = memberLimit;
        this.lastSeq = new AtomicLong(lastSeq);
        this.version = version;
        this.members = Map.copyOf(members);
        this.group = group;
    }

    /**
     * What a GROUP adds: how people get in, what the directory shows, and the password's hash (checked off the room
     * writer's thread, and compared again under the room's lock). {@code tags} are lower case.
     */
    record Group(JoinPolicy joinPolicy, String description, List<String> tags, UUID coverAttachmentId,
                 String passwordHash) {
        static final Group NONE = new Group(JoinPolicy.PRIVATE, null, List.of(), null, null);
    }

    Group group() {
        return group;
    }

    public JoinPolicy joinPolicy() {
        return group.joinPolicy();
    }

    public UUID coverAttachmentId() {
        return group.coverAttachmentId();
    }

    /** OPEN and REQUEST rooms are in the directory: anyone signed in may see their public settings. */
    public boolean listed() {
        return type == RoomType.GROUP && group.joinPolicy() != JoinPolicy.PRIVATE;
    }

    /** The public settings, as the room_updated event and the directory show them. */
    public RoomSettings settings() {
        return new RoomSettings(name, group.description(), group.tags(), group.coverAttachmentId(), group.joinPolicy(),
                group.passwordHash() != null, memberLimit);
    }

    public boolean isOwner(long userId) {
        return ownerId != null && ownerId == userId;
    }

    public boolean isManager(long userId) {
        Member member = members.get(userId);
        return member != null && member.manager();
    }

    /** The owner or a manager: approves, kicks, bans, changes settings and invite links. */
    public boolean canManage(long userId) {
        return isOwner(userId) || isManager(userId);
    }

    /** Managers by id, ascending (the owner is never one). */
    public List<Long> managerIds() {
        return members.values().stream().filter(Member::manager).map(Member::userId).sorted().toList();
    }

    /** OWNER, MANAGER or MEMBER. */
    public String roleOf(long userId) {
        return isOwner(userId) ? "OWNER" : isManager(userId) ? "MANAGER" : "MEMBER";
    }

    public long id() {
        return id;
    }

    public RoomType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public Long ownerId() {
        return ownerId;
    }

    public Integer memberLimit() {
        return memberLimit;
    }

    public long lastSeq() {
        return lastSeq.get();
    }

    void advanceLastSeq(long seq) {
        lastSeq.accumulateAndGet(seq, Math::max);
    }

    long version() {
        return version;
    }

    long loadedAt() {
        return loadedAt;
    }

    void version(long version) {
        this.version = version;
    }

    public Member member(long userId) {
        return members.get(userId);
    }

    public boolean isMember(long userId) {
        return members.containsKey(userId);
    }

    public Collection<Member> members() {
        return members.values();
    }

    public int memberCount() {
        return members.size();
    }

    /** Members in order of standing: the longest-standing first. */
    public List<Member> membersBySeniority() {
        return members.values().stream()
                .sorted(Comparator.comparing(Member::joinedAt).thenComparingLong(Member::joinedSeq).thenComparingLong(Member::userId))
                .toList();
    }

    /**
     * KakaoTalk's "1" for the message at {@code seq}: members who were in the room when it was sent
     * ({@code joinedSeq < seq}) and have not read up to it. The sender has read their own message.
     */
    public int unreadCount(long seq, Long senderId) {
        int unread = 0;
        for (Member member : members.values()) {
            if (member.joinedSeq() < seq && member.lastReadSeq() < seq
                    && (senderId == null || member.userId() != senderId)) {
                unread++;
            }
        }
        return unread;
    }

    /** A member and their read position, which only moves forward. */
    public static final class Member {
        private final long userId;
        private final long joinedSeq;
        private final Instant joinedAt;
        private final AtomicLong lastReadSeq;
        private final boolean manager;

        Member(long userId, long joinedSeq, Instant joinedAt, long lastReadSeq, boolean manager) {
            this.userId = userId;
            this.joinedSeq = joinedSeq;
            this.joinedAt = joinedAt;
            this.lastReadSeq = new AtomicLong(lastReadSeq);
            this.manager = manager;
        }

        public boolean manager() {
            return manager;
        }

        public long userId() {
            return userId;
        }

        /** The room's last seq when this member joined: they see history after it. */
        public long joinedSeq() {
            return joinedSeq;
        }

        public Instant joinedAt() {
            return joinedAt;
        }

        public long lastReadSeq() {
            return lastReadSeq.get();
        }

        void advanceRead(long seq) {
            lastReadSeq.accumulateAndGet(seq, Math::max);
        }
    }
}

package dev.moim.room;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.view.RoomType;

/**
 * One room as this node holds it in memory: who is in it and how far each member has read. The send path,
 * subscriptions and unread counts are answered from here; the room writer keeps it in step with the database.
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
    /** {@link System#nanoTime} when this copy was read from the database. */
    private final long loadedAt = System.nanoTime();

    RoomState(long id, RoomType type, String name, Long ownerId, Integer memberLimit, long lastSeq, long version,
              Map<Long, Member> members) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.ownerId = ownerId;
        this.memberLimit = memberLimit;
        this.lastSeq = new AtomicLong(lastSeq);
        this.version = version;
        this.members = Map.copyOf(members);
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

        Member(long userId, long joinedSeq, Instant joinedAt, long lastReadSeq) {
            this.userId = userId;
            this.joinedSeq = joinedSeq;
            this.joinedAt = joinedAt;
            this.lastReadSeq = new AtomicLong(lastReadSeq);
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

package dev.moim.room;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Rooms and memberships from memory, kept coherent with the database by the commits the room feed applies in
 * each room's order, this node's and (in cluster mode) the others' ({@link #apply}): a new message moves the room's
 * last seq, a read moves a member's position, a change of members, managers or settings drops the room so its next
 * use reloads it. The
 * room writer, which must decide from the room as it is, reloads a room whose copy is behind ({@link #reload}).
 *
 * <p>Updates use Caffeine's per-key compute, which waits for a load of the same room in progress, so a load
 * that read the database just before a commit cannot overwrite the change that commit made.
 */
@Component
public class RoomDirectory {

    private final LoadingCache<Long, Optional<RoomState>> rooms;
    private final RoomStore store;
    private final EventBus bus;
    /** In a cluster, a refused member is asked of the database again, but not for a copy younger than this. */
    private static final long RECHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    public RoomDirectory(RoomStore store, @Lazy EventBus bus) {
        this.store = store;
        this.bus = bus;
        this.rooms = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build(new CacheLoader<>() {
                    @Override
                    public Optional<RoomState> load(Long roomId) {
                        return store.loadAll(List.of(roomId)).get(roomId);
                    }

                    @Override
                    public Map<Long, Optional<RoomState>> loadAll(Set<? extends Long> roomIds) {
                        return store.loadAll(List.copyOf(roomIds));
                    }
                });
    }

    /** Brings many rooms into memory at once (two queries for all that are missing), e.g. for "my rooms". */
    public void preload(Collection<Long> roomIds) {
        rooms.getAll(roomIds);
    }

    /** The open room, or ROOM_NOT_FOUND. */
    public RoomState room(long roomId) {
        return rooms.get(roomId)
                .orElseThrow(() -> new MoimException(ErrorCode.ROOM_NOT_FOUND, "Room " + roomId + " does not exist"));
    }

    /** The caller's membership, or ROOM_NOT_FOUND / NOT_A_MEMBER: the check every read, write and subscription makes. */
    public RoomState.Member member(long roomId, long userId) {
        RoomState.Member member = room(roomId).member(userId);
        if (member == null) {
            member = recheck(roomId, userId);
        }
        if (member == null) {
            throw new MoimException(ErrorCode.NOT_A_MEMBER, "You are not a member of room " + roomId);
        }
        return member;
    }

    /** Whether to let the user in (a subscription): the same check as {@link #member}, without the exception. */
    public boolean admits(long roomId, long userId) {
        return findMember(roomId, userId).isPresent() || recheck(roomId, userId) != null;
    }

    /** This node's copy only: for the room writer, which makes the copy current first. */
    public boolean isMember(long roomId, long userId) {
        return findMember(roomId, userId).isPresent();
    }

    /**
     * In a cluster, this node's copy of a room can lag a moment behind another node's commit: a member invited
     * there may ask here before the commit arrives (told by room_added, which does not wait for the room's order).
     * So a refusal reloads the room from the database and asks again; at most once per copy and
     * {@code RECHECK_AFTER_NANOS}, so that a stranger's retries cost the database little.
     */
    private RoomState.Member recheck(long roomId, long userId) {
        if (!bus.spansNodes()) {
            return null;
        }
        Optional<RoomState> held = rooms.getIfPresent(roomId);
        if (held != null && held.isPresent() && System.nanoTime() - held.get().loadedAt() < RECHECK_AFTER_NANOS) {
            return null;
        }
        forget(roomId);
        return find(roomId).map(room -> room.member(userId)).orElse(null);
    }

    /**
     * The room as committed now, for a decision that must not be made from a copy a moment behind another node's
     * commit (a join policy, a password or a manager just changed there): on one node this node's copy, which is never
     * behind; in a cluster read from the database, and not kept. Group life's checks before the room writer's turn.
     */
    public RoomState committed(long roomId) {
        if (!bus.spansNodes()) {
            return room(roomId);
        }
        return store.loadAll(List.of(roomId)).get(roomId)
                .orElseThrow(() -> new MoimException(ErrorCode.ROOM_NOT_FOUND, "Room " + roomId + " does not exist"));
    }

    /** The open room if there is one, without treating its absence as an error. */
    public Optional<RoomState> find(long roomId) {
        return rooms.get(roomId);
    }

    /** The room if this node holds it in memory now; never loads it. */
    Optional<RoomState> cached(long roomId) {
        Optional<RoomState> held = rooms.getIfPresent(roomId);
        return held == null ? Optional.empty() : held;
    }

    /** The membership if there is one, without treating its absence as an error. */
    public Optional<RoomState.Member> findMember(long roomId, long userId) {
        return find(roomId).map(room -> room.member(userId));
    }

    /** Forgets a room whose membership or settings changed; the next use reloads it. */
    public void forget(long roomId) {
        rooms.invalidate(roomId);
    }

    /**
     * Applies a commit, in the room's order (the room feed calls it). A room loaded after the commit holds it
     * already; one that missed a commit before it, or whose membership changes in it, is dropped and reloaded on its
     * next use.
     */
    void apply(RoomCommit commit) {
        rooms.asMap().computeIfPresent(commit.roomId(), (id, found) -> {
            if (found.isEmpty()) {
                return found;
            }
            RoomState room = found.get();
            if (room.version() >= commit.version()) {
                return found;
            }
            if (room.version() < commit.version() - 1) {
                return null;
            }
            for (RoomEvent event : commit.events()) {
                if (!apply(room, event)) {
                    return null;
                }
            }
            room.version(commit.version());
            return found;
        });
    }

    /** False when the event changes membership, managers or settings, which the room is reloaded for. */
    private static boolean apply(RoomState room, RoomEvent event) {
        switch (event) {
            case RoomEvent.MessageEvent message when message.type().equals("message") -> {
                long seq = message.message().seq();
                room.advanceLastSeq(seq);
                // Sending reads the room up to one's message (the event's senderReadFrom says from where).
                if (message.message().sender() != null) {
                    RoomState.Member sender = room.member(message.message().sender().id());
                    if (sender != null) {
                        sender.advanceRead(seq);
                    }
                }
            }
            case RoomEvent.ReadEvent read -> {
                RoomState.Member member = room.member(read.userId());
                if (member != null) {
                    member.advanceRead(read.seq());
                }
            }
            case RoomEvent.MembersEvent members -> {
                return false;
            }
            case RoomEvent.RoomUpdated settings -> {
                return false;
            }
            default -> {
            }
        }
        return true;
    }

    /**
     * The room as the database holds it now, for the room writer, which found this node's copy behind the room's
     * version: read inside the writer's transaction, after it locked the room's row and moved its version on from
     * {@code versionBefore}, so nothing can change it meanwhile.
     */
    RoomState reload(long roomId, long versionBefore) {
        Optional<RoomState> loaded = store.loadAll(List.of(roomId)).get(roomId);
        loaded.ifPresent(room -> room.version(versionBefore));
        rooms.put(roomId, loaded);
        return loaded.orElseThrow(() -> new MoimException(ErrorCode.ROOM_NOT_FOUND, "Room " + roomId + " does not exist"));
    }
}

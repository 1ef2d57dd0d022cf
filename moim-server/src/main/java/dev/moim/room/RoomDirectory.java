package dev.moim.room;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Rooms and memberships from memory, kept coherent with the database by the room writer, which applies each
 * committed event here before it publishes it ({@link #apply}): a new message moves the room's last seq, a read
 * moves a member's position, a membership change drops the room so its next use reloads it. Other nodes' events
 * reach it from the bus (in cluster mode), ahead of the relay to this node's sockets ({@code @Order}).
 *
 * <p>Updates use Caffeine's per-key compute, which waits for a load of the same room in progress, so a load
 * that read the database just before a commit cannot overwrite the change that commit made.
 */
@Component
@Order(0)
public class RoomDirectory implements EventBus.Listener {

    private final LoadingCache<Long, Optional<RoomState>> rooms;

    public RoomDirectory(RoomStore store) {
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
            throw new MoimException(ErrorCode.NOT_A_MEMBER, "You are not a member of room " + roomId);
        }
        return member;
    }

    public boolean isMember(long roomId, long userId) {
        return findMember(roomId, userId).isPresent();
    }

    /** The open room if there is one, without treating its absence as an error. */
    public Optional<RoomState> find(long roomId) {
        return rooms.get(roomId);
    }

    /** The membership if there is one, without treating its absence as an error. */
    public Optional<RoomState.Member> findMember(long roomId, long userId) {
        return find(roomId).map(room -> room.member(userId));
    }

    /** Forgets a room whose membership or settings changed; the next use reloads it. */
    public void forget(long roomId) {
        rooms.invalidate(roomId);
    }

    /** This node's own events: the room writer applied each of them before publishing it. */
    @Override
    public void onRoomEvent(RoomEvent event) {
    }

    @Override
    public void onRemoteRoomEvent(RoomEvent event) {
        apply(event);
    }

    /** Applies a committed event: the room writer calls it for this node's, in commit order, before publishing. */
    void apply(RoomEvent event) {
        switch (event) {
            case RoomEvent.MessageEvent message when message.type().equals("message") ->
                    update(event.roomId(), room -> {
                        long seq = message.message().seq();
                        room.advanceLastSeq(seq);
                        // Sending reads the room up to one's message (the event's senderReadFrom says from where).
                        if (message.message().sender() != null) {
                            RoomState.Member sender = room.member(message.message().sender().id());
                            if (sender != null) {
                                sender.advanceRead(seq);
                            }
                        }
                    });
            case RoomEvent.ReadEvent read -> update(read.roomId(), room -> {
                RoomState.Member member = room.member(read.userId());
                if (member != null) {
                    member.advanceRead(read.seq());
                }
            });
            case RoomEvent.MembersEvent members -> forget(members.roomId());
            default -> {
            }
        }
    }

    private void update(long roomId, java.util.function.Consumer<RoomState> change) {
        rooms.asMap().computeIfPresent(roomId, (id, room) -> {
            room.ifPresent(change);
            return room;
        });
    }
}

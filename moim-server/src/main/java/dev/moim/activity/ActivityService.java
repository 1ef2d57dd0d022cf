package dev.moim.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.moim.common.InvalidField;
import dev.moim.common.Times;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomStore;
import dev.moim.trending.Window;
import dev.moim.user.UserDirectory;
import dev.moim.view.RoomType;
import dev.moim.view.Sender;
import org.springframework.stereotype.Service;

/** The busiest of a user's rooms and the most active members of a room, as the REST API shows them. */
@Service
class ActivityService {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 50;
    /** Past this, departed members crowding the top of a room are given up on (see {@link #activeMembers}). */
    private static final int MAX_FETCH = 1 << 16;

    private final RoomActivity activity;
    private final RoomStore store;
    private final RoomDirectory rooms;
    private final UserDirectory users;

    ActivityService(RoomActivity activity, RoomStore store, RoomDirectory rooms, UserDirectory users) {
        this.activity = activity;
        this.store = store;
        this.rooms = rooms;
        this.users = users;
    }

    /** Among the rooms the user is a member of now (asked of the database), the busiest. */
    ActivityViews.BusiestRooms busiest(long userId, Window window, Integer limit) {
        int size = limit(limit);
        Instant now = Times.now();
        List<Long> mine = store.roomIdsOf(List.of(userId)).getOrDefault(userId, List.of());
        List<RoomCount> counts = activity.busiest(mine, window, now, size);
        rooms.preload(counts.stream().map(RoomCount::roomId).toList());
        List<ActivityViews.Room> result = new ArrayList<>(counts.size());
        for (RoomCount count : counts) {
            // A room closed since is left out.
            rooms.find(count.roomId()).ifPresent(room -> result.add(
                    new ActivityViews.Room(room.id(), room.name(), room.type(), peer(room, userId), count.messages())));
        }
        return new ActivityViews.BusiestRooms(window.label(), result);
    }

    /**
     * The room's most active members, for its members only. Senders who have left the room are not shown; when they
     * crowd the top, more are fetched until the page is full or the room's senders run out.
     */
    ActivityViews.ActiveMembers activeMembers(long userId, long roomId, Window window, Integer limit) {
        int size = limit(limit);
        rooms.member(roomId, userId);
        RoomState room = rooms.room(roomId);
        Instant now = Times.now();
        List<MemberCount> members;
        for (int fetch = size; ; fetch *= 2) {
            List<MemberCount> counts = activity.activeMembers(roomId, window, now, fetch);
            members = counts.stream().filter(count -> room.isMember(count.userId())).limit(size).toList();
            if (members.size() >= size || counts.size() < fetch || fetch >= MAX_FETCH) {
                break;
            }
        }
        return new ActivityViews.ActiveMembers(window.label(), members.stream()
                .map(count -> new ActivityViews.Member(users.sender(count.userId()), count.messages())).toList());
    }

    private Sender peer(RoomState room, long userId) {
        if (room.type() != RoomType.DIRECT) {
            return null;
        }
        return room.members().stream().filter(member -> member.userId() != userId).findFirst()
                .map(member -> users.sender(member.userId())).orElse(null);
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}

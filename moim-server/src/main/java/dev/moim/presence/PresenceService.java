package dev.moim.presence;

import java.time.Instant;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.common.Times;
import dev.moim.room.RoomStore;
import dev.moim.user.UserStore;
import org.springframework.stereotype.Service;

/**
 * Online while any session is open, offline when the last one closes. Each change is announced to every room
 * the user is in; going offline stamps last-seen.
 */
@Service
public class PresenceService {

    private final PresenceRegistry registry;
    private final RoomStore rooms;
    private final UserStore users;
    private final EventBus bus;

    public PresenceService(PresenceRegistry registry, RoomStore rooms, UserStore users, EventBus bus) {
        this.registry = registry;
        this.rooms = rooms;
        this.users = users;
        this.bus = bus;
    }

    public void sessionOpened(long userId, String sessionId) {
        if (registry.connected(userId, sessionId)) {
            announce(userId, true, null);
        }
    }

    public void sessionClosed(long userId, String sessionId) {
        if (registry.disconnected(userId, sessionId)) {
            Instant lastSeen = Times.now();
            users.updateLastSeen(userId, lastSeen);
            announce(userId, false, lastSeen);
        }
    }

    private void announce(long userId, boolean online, Instant lastSeen) {
        for (long roomId : rooms.roomIdsOf(userId)) {
            bus.publish(new RoomEvent.PresenceEvent(roomId, userId, online, lastSeen));
        }
    }
}

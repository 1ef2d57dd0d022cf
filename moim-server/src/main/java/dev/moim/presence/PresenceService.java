package dev.moim.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.RoomStore;
import dev.moim.user.UserStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Online while any session is open, offline when the last one closes. Each change is announced to every room
 * the user is in; going offline stamps last-seen. A user whose last session closes is announced offline only
 * after a short grace: clients reconnect when their token is renewed or the network blips, and members should
 * not see them flicker.
 */
@Service
public class PresenceService {

    private final PresenceRegistry registry;
    private final RoomStore rooms;
    private final UserStore users;
    private final EventBus bus;
    private final TaskScheduler scheduler;
    private final Duration grace;
    private final Map<Long, ScheduledFuture<?>> goingOffline = new ConcurrentHashMap<>();

    public PresenceService(PresenceRegistry registry, RoomStore rooms, UserStore users, EventBus bus,
                           @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, MoimProperties properties) {
        this.registry = registry;
        this.rooms = rooms;
        this.users = users;
        this.bus = bus;
        this.scheduler = scheduler;
        this.grace = properties.realtime().presenceGrace();
    }

    /** Online as members see it: a session is open, or the last one closed less than the grace ago. */
    public boolean isOnline(long userId) {
        return registry.isOnline(userId) || goingOffline.containsKey(userId);
    }

    public void sessionOpened(long userId, String sessionId) {
        if (!registry.connected(userId, sessionId)) {
            return;
        }
        ScheduledFuture<?> pending = goingOffline.remove(userId);
        boolean seenOffline = pending == null || !pending.cancel(false);
        if (seenOffline) {
            announce(userId, true, null);
        }
    }

    public void sessionClosed(long userId, String sessionId) {
        if (!registry.disconnected(userId, sessionId)) {
            return;
        }
        goingOffline.put(userId, scheduler.schedule(() -> wentOffline(userId), Instant.now().plus(grace)));
    }

    private void wentOffline(long userId) {
        goingOffline.remove(userId);
        if (!registry.isOnline(userId)) {
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

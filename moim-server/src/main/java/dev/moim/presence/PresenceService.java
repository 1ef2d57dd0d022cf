package dev.moim.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Online while any session is open, offline when the last one closes. A user whose last session closes is
 * announced offline only after a short grace: clients reconnect when their token is renewed or the network
 * blips, and members should not see them flicker; going offline stamps last-seen.
 *
 * <p>Changes are announced in batches: every {@code moim.realtime.presence-flush} the changes since the last
 * batch become one presence event per room concerned, holding each changed member's latest state. When a
 * thousand members of one room come online within a second, that room gets one or two events instead of a
 * thousand, and each event goes only to the sessions looking at the room (its live topic; see StompRelay).
 */
@Service
public class PresenceService {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private final PresenceRegistry registry;
    private final PresenceAudience audience;
    private final PresenceWatchers watchers;
    private final LastSeenStore lastSeen;
    private final EventBus bus;
    private final TaskScheduler scheduler;
    private final Duration grace;
    private final Duration flushEvery;
    private final Map<Long, ScheduledFuture<?>> goingOffline = new ConcurrentHashMap<>();
    /** Changes not yet announced: each user's latest state since the last batch. */
    private final Map<Long, RoomEvent.PresenceChange> unannounced = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    public PresenceService(PresenceRegistry registry, PresenceAudience audience, PresenceWatchers watchers,
                           LastSeenStore lastSeen, EventBus bus,
                           @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, MoimProperties properties) {
        this.registry = registry;
        this.audience = audience;
        this.watchers = watchers;
        this.lastSeen = lastSeen;
        this.bus = bus;
        this.scheduler = scheduler;
        this.grace = properties.realtime().presenceGrace();
        this.flushEvery = properties.realtime().presenceFlush();
    }

    @PostConstruct
    void start() {
        flushing = scheduler.scheduleWithFixedDelay(this::announce, flushEvery);
        registry.whenUsersLost(users -> users.forEach(this::wentOffline));
    }

    @PreDestroy
    void stop() {
        flushing.cancel(false);
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
            unannounced.put(userId, new RoomEvent.PresenceChange(userId, true, null));
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
            Instant seen = Times.now();
            lastSeen.updateLastSeen(userId, seen);
            unannounced.put(userId, new RoomEvent.PresenceChange(userId, false, seen));
        }
    }

    /** One presence event per room, holding the latest state of each of its members that changed. */
    private void announce() {
        List<RoomEvent.PresenceChange> changes = new ArrayList<>();
        for (Long userId : unannounced.keySet()) {
            RoomEvent.PresenceChange change = unannounced.remove(userId);
            if (change != null) {
                changes.add(change);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        Map<Long, List<Long>> roomsOf;
        Map<Long, List<Long>> watchersOf;
        try {
            List<Long> users = changes.stream().map(RoomEvent.PresenceChange::userId).toList();
            roomsOf = audience.roomIdsOf(users);
            watchersOf = watchers.watchersOf(users);
        } catch (RuntimeException e) {
            // Try again with the next batch, unless a newer change of the same user has come in meanwhile.
            changes.forEach(change -> unannounced.putIfAbsent(change.userId(), change));
            log.warn("Presence changes could not be announced yet: {}", e.toString());
            return;
        }
        Map<Long, List<RoomEvent.PresenceChange>> byRoom = new LinkedHashMap<>();
        for (RoomEvent.PresenceChange change : changes) {
            for (long roomId : roomsOf.getOrDefault(change.userId(), List.of())) {
                byRoom.computeIfAbsent(roomId, id -> new ArrayList<>()).add(change);
            }
        }
        byRoom.forEach((roomId, users) -> bus.publish(new RoomEvent.PresenceEvent(roomId, users)));
        // Friends hear of each other wherever they are, in one event per watcher per batch.
        Map<Long, List<RoomEvent.PresenceChange>> byWatcher = new LinkedHashMap<>();
        for (RoomEvent.PresenceChange change : changes) {
            for (long watcher : watchersOf.getOrDefault(change.userId(), List.of())) {
                byWatcher.computeIfAbsent(watcher, id -> new ArrayList<>()).add(change);
            }
        }
        byWatcher.forEach((watcher, users) -> bus.publishToUser(watcher, new UserEvent.FriendsPresence(users)));
    }
}

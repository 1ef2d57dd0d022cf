package dev.moim.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.common.Times;
import dev.moim.presence.PresenceService;
import dev.moim.push.PushMessage;
import dev.moim.push.PushService;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.view.Excerpts;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.NotificationView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web Push to members who have no open socket: new messages in rooms they did not mute (one push per room at a time:
 * the Topic header makes the push service keep only the newest, and a member gets at most one per room every
 * {@link #PER_ROOM}), and their notifications. Nothing is pushed inside a member's do-not-disturb window. Only this
 * node's commits, so each message is pushed once in a cluster.
 *
 * <p>Commits arrive on the room writer's thread; the messages go on a bounded queue that a thread of our own works
 * through. Which users have subscribed browsers is kept in memory (a minute at most behind), so a busy room costs
 * no query per message unless someone in it is offline with a browser to push to.
 */
@Component
class OfflinePusher implements EventBus.Listener {

    private static final Logger log = LoggerFactory.getLogger(OfflinePusher.class);
    static final Duration PER_ROOM = Duration.ofSeconds(3);
    private static final Duration TTL = Duration.ofDays(1);
    private static final int PREVIEW = 120;

    private final PushService push;
    private final PresenceService presence;
    private final RoomDirectory rooms;
    private final NotificationStore store;
    private final NotificationService notifications;
    private final JsonMapper json = JsonMapper.builder().build();
    private final LoadingCache<Long, Boolean> subscribed;
    private final Map<String, Long> lastPushed = new ConcurrentHashMap<>();
    private final BlockingQueue<MessageView> queue = new ArrayBlockingQueue<>(20_000);
    private final Counter dropped;
    private final Thread worker;

    OfflinePusher(PushService push, PresenceService presence, RoomDirectory rooms, NotificationStore store,
                  NotificationService notifications, MeterRegistry meters) {
        this.push = push;
        this.presence = presence;
        this.rooms = rooms;
        this.store = store;
        this.notifications = notifications;
        this.subscribed = Caffeine.newBuilder().maximumSize(500_000).expireAfterWrite(Duration.ofMinutes(1))
                .build(new CacheLoader<>() {
                    @Override
                    public Boolean load(Long userId) {
                        return push.hasSubscriptions(userId);
                    }

                    @Override
                    public Map<Long, Boolean> loadAll(Set<? extends Long> userIds) {
                        Set<Long> with = push.withSubscriptions(List.copyOf(userIds));
                        Map<Long, Boolean> all = new LinkedHashMap<>();
                        userIds.forEach(id -> all.put(id, with.contains(id)));
                        return all;
                    }
                });
        this.dropped = Counter.builder("moim.push.messages.dropped")
                .description("New messages not considered for offline push because the queue was full").register(meters);
        this.worker = Thread.ofPlatform().name("moim-offline-push").daemon(true).unstarted(this::drain);
        notifications.onNotified(this::notified);
    }

    @PostConstruct
    void start() {
        worker.start();
    }

    @PreDestroy
    void stop() {
        worker.interrupt();
    }

    @Override
    public void onCommit(RoomCommit commit) {
        for (RoomEvent event : commit.events()) {
            if (event instanceof RoomEvent.MessageEvent posted && posted.type().equals("message")
                    && posted.message().type() != MessageType.SYSTEM && posted.message().sender() != null
                    && !queue.offer(posted.message())) {
                dropped.increment();
            }
        }
    }

    /** A user subscribed a browser (or changed otherwise): asked again next time. */
    @Override
    public void onNotice(NodeNotice notice) {
        if (notice instanceof NodeNotice.UserChanged changed) {
            subscribed.invalidate(changed.userId());
        }
    }

    /** Another node pushes for its own commits. */
    @Override
    public void onRemoteCommit(RoomCommit commit) {
    }

    private void drain() {
        List<MessageView> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, 500);
                for (MessageView message : batch) {
                    try {
                        pushMessage(message);
                    } catch (RuntimeException e) {
                        log.warn("Offline push for message {} in room {} failed: {}", message.seq(), message.roomId(), e.toString());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void pushMessage(MessageView message) {
        RoomState room = rooms.find(message.roomId()).orElse(null);
        if (room == null) {
            return;
        }
        List<Long> others = new ArrayList<>();
        for (RoomState.Member member : room.members()) {
            if (member.userId() != message.sender().id()) {
                others.add(member.userId());
            }
        }
        List<Long> offline = new ArrayList<>();
        subscribed.getAll(others).forEach((userId, has) -> {
            if (has && !presence.isOnline(userId)) {
                offline.add(userId);
            }
        });
        if (offline.isEmpty()) {
            return;
        }
        Set<Long> muted = store.mutedAmong(room.id(), offline);
        Instant now = Times.now();
        for (long userId : offline) {
            if (muted.contains(userId) || notifications.quietAt(userId, now) || !due(userId, room.id())) {
                continue;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("type", "message");
            payload.put("roomId", room.id());
            payload.put("roomName", room.name());
            payload.put("seq", message.seq());
            payload.put("sender", message.sender().nickname());
            payload.put("messageType", message.type().name());
            payload.put("text", preview(message.content()));
            send(userId, "r" + room.id(), payload, PushMessage.Urgency.NORMAL);
        }
    }

    /** At most one push per member and room every {@link #PER_ROOM}; the push service keeps the newest per Topic anyway. */
    private boolean due(long userId, long roomId) {
        long now = System.nanoTime();
        String key = userId + ":" + roomId;
        Long last = lastPushed.get(key);
        if (last != null && now - last < PER_ROOM.toNanos()) {
            return false;
        }
        lastPushed.put(key, now);
        if (lastPushed.size() > 100_000) {
            lastPushed.entrySet().removeIf(e -> now - e.getValue() > PER_ROOM.toNanos());
        }
        return true;
    }

    /** A notification just stored: pushed too when its user is away. */
    private void notified(long userId, NotificationView notification) {
        if (!subscribed.get(userId) || presence.isOnline(userId) || notifications.quietAt(userId, Times.now())) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "notification");
        payload.put("id", notification.id());
        payload.put("kind", notification.kind());
        payload.put("actor", notification.actor() == null ? null : notification.actor().nickname());
        payload.put("roomId", notification.roomId());
        payload.put("seq", notification.seq());
        payload.put("text", preview(notification.text()));
        send(userId, null, payload, notification.kind().equals("MENTION") ? PushMessage.Urgency.HIGH : PushMessage.Urgency.NORMAL);
    }

    private void send(long userId, String topic, Map<String, Object> payload, PushMessage.Urgency urgency) {
        push.send(userId, new PushMessage(topic, json.writeValueAsString(payload), TTL, urgency));
    }

    private static String preview(String text) {
        if (text == null) {
            return null;
        }
        return Excerpts.cut(text, PREVIEW, "…");
    }
}

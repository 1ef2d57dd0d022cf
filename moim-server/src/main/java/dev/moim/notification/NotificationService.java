package dev.moim.notification;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import dev.moim.bus.EventBus;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.RoomDirectory;
import dev.moim.user.UserDirectory;
import dev.moim.view.Excerpts;
import dev.moim.view.NotificationView;
import dev.moim.view.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Notifications: stored per user (the newest {@code moim.social.notifications-kept}), told live to every device of
 * theirs with the badge count, read one by one or all at once. Also where each user mutes rooms and sets a
 * do-not-disturb window.
 */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
    static final int MAX_PAGE = 100;
    static final int MAX_TEXT = 300;

    private final NotificationStore store;
    private final UserDirectory users;
    private final RoomDirectory rooms;
    private final EventBus bus;
    private final int kept;
    private final List<BiConsumer<Long, NotificationView>> listeners = new CopyOnWriteArrayList<>();

    public NotificationService(NotificationStore store, UserDirectory users, RoomDirectory rooms, EventBus bus,
                               MoimProperties properties) {
        this.store = store;
        this.users = users;
        this.rooms = rooms;
        this.bus = bus;
        this.kept = properties.social().notificationsKept();
    }

    /** What happened to whom; stored, then told to every device of theirs. */
    public record Notice(long userId, String kind, Long actorId, Long roomId, Long seq, String text) {
    }

    public NotificationView notify(Notice notice) {
        String text = notice.text() == null ? null : excerpt(notice.text());
        NotificationStore.Row row = store.insert(notice.userId(), notice.kind(), notice.actorId(), notice.roomId(),
                notice.seq(), text, Times.now());
        store.trim(notice.userId(), kept);
        NotificationView view = view(row);
        bus.publishToUser(notice.userId(), new UserEvent.NotificationEvent(view, store.unreadCount(notice.userId())));
        for (BiConsumer<Long, NotificationView> listener : listeners) {
            try {
                listener.accept(notice.userId(), view);
            } catch (RuntimeException e) {
                log.warn("A listener of notifications failed: {}", e.toString());
            }
        }
        return view;
    }

    /** Told of each notification once it is stored (the offline push). */
    void onNotified(BiConsumer<Long, NotificationView> listener) {
        listeners.add(listener);
    }

    /** Fits the text column: the mark takes the last place. */
    private static String excerpt(String text) {
        return Excerpts.cut(text, MAX_TEXT - 1, "…");
    }

    public record Page(List<NotificationView> notifications, long unreadCount, Long nextBefore) {
    }

    public Page list(long userId, Boolean unreadOnly, Long before, Integer limit) {
        int size = limit == null ? 30 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_PAGE);
        }
        List<NotificationStore.Row> rows = store.list(userId, Boolean.TRUE.equals(unreadOnly), before, size + 1);
        boolean more = rows.size() > size;
        List<NotificationView> views = rows.stream().limit(size).map(this::view).toList();
        return new Page(views, store.unreadCount(userId), more ? views.getLast().id() : null);
    }

    public long unreadCount(long userId) {
        return store.unreadCount(userId);
    }

    public long markRead(long userId, long id) {
        store.find(userId, id).orElseThrow(() ->
                new MoimException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification " + id));
        store.markRead(userId, id, Times.now());
        long unread = store.unreadCount(userId);
        bus.publishToUser(userId, new UserEvent.NotificationsRead(id, unread));
        return unread;
    }

    public long markAllRead(long userId) {
        store.markAllRead(userId, Times.now());
        long unread = store.unreadCount(userId);
        bus.publishToUser(userId, new UserEvent.NotificationsRead(null, unread));
        return unread;
    }

    private NotificationView view(NotificationStore.Row row) {
        Sender actor = row.actorId() == null ? null : users.find(row.actorId()).orElse(null);
        return new NotificationView(row.id(), row.kind(), actor, row.roomId(), row.seq(), row.text(), row.createdAt(),
                row.readAt() != null);
    }

    // ---- muted rooms and do not disturb ----

    /** A muted room still counts unread; it only stops notifying (and pushing). Members only. */
    public void mute(long userId, long roomId, boolean muted) {
        rooms.member(roomId, userId);
        if (muted) {
            store.mute(userId, roomId);
        } else {
            store.unmute(userId, roomId);
        }
    }

    public List<Long> mutedRooms(long userId) {
        return store.mutedRooms(userId);
    }

    /** Do not disturb: from {@code start} to {@code end} ("22:00" to "07:30", over midnight allowed) in {@code timeZone}. */
    public record DoNotDisturb(boolean enabled, String start, String end, String timeZone) {
    }

    public DoNotDisturb doNotDisturb(long userId) {
        NotificationStore.Settings s = store.settings(userId)
                .orElse(new NotificationStore.Settings(false, 22 * 60, 8 * 60, "Asia/Seoul"));
        return new DoNotDisturb(s.dndEnabled(), clock(s.dndStart()), clock(s.dndEnd()), s.timeZone());
    }

    public DoNotDisturb setDoNotDisturb(long userId, DoNotDisturb request) {
        if (request == null || request.start() == null || request.end() == null || request.timeZone() == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "enabled, start, end and timeZone are required");
        }
        int start = minutes(request.start());
        int end = minutes(request.end());
        String zone;
        try {
            zone = ZoneId.of(request.timeZone()).getId();
        } catch (DateTimeException e) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "timeZone must be an IANA zone such as Asia/Seoul");
        }
        store.saveSettings(userId, new NotificationStore.Settings(request.enabled(), start, end, zone));
        return doNotDisturb(userId);
    }

    /** Whether the user asked not to be disturbed at {@code now}. */
    public boolean quietAt(long userId, Instant now) {
        NotificationStore.Settings s = store.settings(userId).orElse(null);
        if (s == null || !s.dndEnabled() || s.dndStart() == s.dndEnd()) {
            return false;
        }
        LocalTime local = now.atZone(ZoneId.of(s.timeZone())).toLocalTime();
        int minute = local.getHour() * 60 + local.getMinute();
        return s.dndStart() < s.dndEnd()
                ? minute >= s.dndStart() && minute < s.dndEnd()
                : minute >= s.dndStart() || minute < s.dndEnd();
    }

    private static int minutes(String clock) {
        try {
            LocalTime time = LocalTime.parse(clock);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeException e) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "start and end are times of day such as 22:00");
        }
    }

    private static String clock(int minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}

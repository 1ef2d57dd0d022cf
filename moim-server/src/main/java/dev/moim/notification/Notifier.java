package dev.moim.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomNotices;
import dev.moim.room.RoomState;
import dev.moim.view.MessageView;
import dev.moim.view.SystemNote;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns what rooms commit into notifications: mentions, invitations, kicks and new owners; and takes the ones rooms
 * ask for directly after a commit (applications and their answers, which no room event carries). Only this node's commits,
 * so that in a cluster each is notified once, by the node that committed it. Commits arrive on the room writer's
 * thread, which must not wait for the database: what they call for goes on a bounded queue that a thread of our own
 * works through (a full queue drops the notification and counts it, rather than hold up the writer).
 */
@Component
class Notifier implements EventBus.Listener, RoomNotices {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int QUEUE_CAPACITY = 20_000;

    private final NotificationService notifications;
    private final RoomDirectory rooms;
    private final BlockingQueue<NotificationService.Notice> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Counter dropped;
    private final Thread worker;

    Notifier(NotificationService notifications, RoomDirectory rooms, MeterRegistry meters) {
        this.notifications = notifications;
        this.rooms = rooms;
        this.dropped = Counter.builder("moim.notifications.dropped")
                .description("Notifications left out because their queue was full").register(meters);
        this.worker = Thread.ofPlatform().name("moim-notifier").daemon(true).unstarted(this::drain);
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
        SystemNote note = null;
        for (RoomEvent event : commit.events()) {
            if (event instanceof RoomEvent.MessageEvent posted && posted.type().equals("message")) {
                MessageView m = posted.message();
                if (m.system() != null) {
                    note = m.system();
                }
                for (long mentioned : m.mentions()) {
                    offer(new NotificationService.Notice(mentioned, "MENTION", m.sender().id(), m.roomId(), m.seq(), m.content()));
                }
            }
        }
        for (RoomEvent event : commit.events()) {
            if (event instanceof RoomEvent.MembersEvent members) {
                membersChanged(members, note);
            }
        }
    }

    /** Another node's commit was notified there. */
    @Override
    public void onRemoteCommit(RoomCommit commit) {
    }

    private void membersChanged(RoomEvent.MembersEvent members, SystemNote note) {
        long roomId = members.roomId();
        String roomName = rooms.find(roomId).map(RoomState::name).orElse(null);
        switch (members.change()) {
            // Invited, or put into a new group by its creator; a DIRECT room has no note and is no invitation.
            case "joined" -> {
                if (note != null && (note.event().equals("JOINED") || note.event().equals("CREATED"))) {
                    for (long invitee : members.userIds()) {
                        if (note.actorId() == null || invitee != note.actorId()) {
                            offer(new NotificationService.Notice(invitee, "INVITED", note.actorId(), roomId, null, roomName));
                        }
                    }
                }
            }
            // Kicked or banned: by whoever the SYSTEM message names (a manager may do it too).
            case "kicked" -> members.userIds().forEach(kicked ->
                    offer(new NotificationService.Notice(kicked, "KICKED", note == null ? members.ownerId() : note.actorId(),
                            roomId, null, roomName)));
            case "owner_changed" -> members.userIds().forEach(owner ->
                    offer(new NotificationService.Notice(owner, "NEW_OWNER", note == null ? null : note.actorId(), roomId,
                            null, roomName)));
            default -> {
            }
        }
    }

    /** Runs after the room's commit, on the writer's thread: queued like the rest. */
    @Override
    public void notice(long userId, String kind, Long actorId, long roomId, String text) {
        offer(new NotificationService.Notice(userId, kind, actorId, roomId, null, text));
    }

    private void offer(NotificationService.Notice notice) {
        if (!queue.offer(notice)) {
            dropped.increment();
        }
    }

    private void drain() {
        List<NotificationService.Notice> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, 500);
                for (NotificationService.Notice notice : batch) {
                    try {
                        notifications.notify(notice);
                    } catch (RuntimeException e) {
                        log.warn("A notification for user {} could not be stored: {}", notice.userId(), e.toString());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }
}

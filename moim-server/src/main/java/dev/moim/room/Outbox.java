package dev.moim.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;

/**
 * Events a room write produces, held until its transaction commits and then published: each room's as one commit
 * (in the order they were added), then the users' events. They are built only then, so unread counts and room
 * views reflect the committed state. Every room given an event is locked and versioned before the commit
 * ({@link #lockRest}), unless the task locked it first ({@link RoomWriter#lockRoom}).
 */
public final class Outbox {

    private final Map<Long, List<Supplier<RoomEvent>>> roomEvents = new LinkedHashMap<>();
    private final Map<Long, Long> versions = new HashMap<>();
    private final List<Runnable> userEvents = new ArrayList<>();
    private final EventBus bus;

    Outbox(EventBus bus) {
        this.bus = bus;
    }

    public void room(long roomId, Supplier<RoomEvent> event) {
        roomEvents.computeIfAbsent(roomId, id -> new ArrayList<>()).add(event);
    }

    public void user(long userId, Supplier<UserEvent> event) {
        userEvents.add(() -> bus.publishToUser(userId, event.get()));
    }

    /** Work for after the commit, in order with the users' events (a notification to store). */
    void afterCommit(Runnable work) {
        userEvents.add(work);
    }

    boolean locked(long roomId) {
        return versions.containsKey(roomId);
    }

    void locked(long roomId, long version) {
        versions.put(roomId, version);
    }

    /** Still inside the transaction: locks and versions the rooms given events that the task did not lock itself. */
    void lockRest(Function<Collection<Long>, Map<Long, Long>> lockRooms) {
        List<Long> rest = roomEvents.keySet().stream().filter(roomId -> !versions.containsKey(roomId)).toList();
        versions.putAll(lockRooms.apply(rest));
    }

    /** After the commit. A room closed by the task (its last member left) has no version: its events have no one to reach. */
    void publish() {
        Set<Long> rooms = new LinkedHashSet<>(roomEvents.keySet());
        rooms.addAll(versions.keySet());
        for (long roomId : rooms) {
            Long version = versions.get(roomId);
            if (version == null) {
                continue;
            }
            List<RoomEvent> events = new ArrayList<>();
            for (Supplier<RoomEvent> event : roomEvents.getOrDefault(roomId, List.of())) {
                events.add(event.get());
            }
            // Published even with no event: the room's version moved, and the other nodes count on every version.
            bus.publish(new RoomCommit(roomId, version, events));
        }
        for (Runnable delivery : userEvents) {
            delivery.run();
        }
    }
}

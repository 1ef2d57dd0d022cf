package dev.moim.room;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;

/**
 * Events a room write produces, held until its transaction commits and then published in the order they were
 * added. They are built only then, so unread counts and room views reflect the committed state.
 */
public final class Outbox {

    private final List<Runnable> deliveries = new ArrayList<>();
    private final Consumer<RoomEvent> roomEvents;
    private final EventBus bus;

    /** {@code roomEvents} applies a room event to this node's directory and publishes it (the writer's own way). */
    Outbox(Consumer<RoomEvent> roomEvents, EventBus bus) {
        this.roomEvents = roomEvents;
        this.bus = bus;
    }

    public void room(Supplier<RoomEvent> event) {
        deliveries.add(() -> roomEvents.accept(event.get()));
    }

    public void user(long userId, Supplier<UserEvent> event) {
        deliveries.add(() -> bus.publishToUser(userId, event.get()));
    }

    void publish() {
        for (Runnable delivery : deliveries) {
            delivery.run();
        }
    }
}

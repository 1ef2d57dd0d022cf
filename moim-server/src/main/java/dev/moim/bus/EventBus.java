package dev.moim.bus;

/**
 * Carries events to every node, where each is applied to that node's caches and then delivered to its sockets.
 * The embedded default is {@link InProcessEventBus}; a cluster swaps in a networked adapter.
 * Events of one room must be published in seq order; the room writer does so.
 */
public interface EventBus {

    void publish(RoomEvent event);

    /** To one user's sessions only (the {@code sessionId} variant to one session of theirs). */
    void publishToUser(long userId, UserEvent event);

    interface Listener {
        void onRoomEvent(RoomEvent event);

        default void onUserEvent(long userId, UserEvent event) {
        }
    }
}

package dev.moim.bus;

/**
 * Carries events to every node, where each is delivered to that node's sockets. The embedded default is
 * {@link InProcessEventBus}; cluster mode (the {@code redis} profile) uses {@link RedisEventBus}.
 *
 * <p>The contract, which {@code EventBusContract} checks for every adapter: an event reaches this node's listeners
 * before {@code publish} returns, in their {@code @Order}; it reaches every other node's listeners once, as an
 * equal event, in the order this node published; a node never hears its own events twice.
 */
public interface EventBus {

    void publish(RoomEvent event);

    /** To one user's sessions, on whichever nodes they are connected. */
    void publishToUser(long userId, UserEvent event);

    /**
     * False while events cannot reach the other nodes (cluster mode with Redis unreachable). Writes are then
     * refused with SERVER_BUSY rather than committed without their live events reaching most of the members.
     */
    default boolean available() {
        return true;
    }

    interface Listener {

        /** An event published on this node, delivered before {@code publish} returns. */
        void onRoomEvent(RoomEvent event);

        /** An event another node published. By default handled like one of this node's. */
        default void onRemoteRoomEvent(RoomEvent event) {
            onRoomEvent(event);
        }

        default void onUserEvent(long userId, UserEvent event) {
        }
    }
}

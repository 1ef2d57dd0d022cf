package dev.moim.bus;

/**
 * Carries events to every node, where each is delivered to that node's sockets. The embedded default is
 * {@link InProcessEventBus}; cluster mode (the {@code redis} profile) uses {@link RedisEventBus}.
 *
 * <p>The contract, which {@code EventBusContract} checks for every adapter: what is published reaches this node's
 * listeners before {@code publish} returns, in their {@code @Order}; it reaches every other node's listeners once,
 * as an equal value, in the order this node published; a node never hears its own publications twice. Commits of
 * one room made on different nodes may arrive in either order: their versions say which came first.
 */
public interface EventBus {

    /** A committed change to a room: its messages, reads, membership changes, edits. */
    void publish(RoomCommit commit);

    /** A live event that is not stored and has no place in the room's order: typing, presence. */
    void publish(RoomEvent event);

    /** To one user's sessions, on whichever nodes they are connected. */
    void publishToUser(long userId, UserEvent event);

    /** To every node's caches, this one's first. */
    void publish(NodeNotice notice);

    /**
     * False while events cannot reach the other nodes (cluster mode with Redis unreachable). Writes are then
     * refused with SERVER_BUSY rather than committed without their live events reaching most of the members.
     */
    default boolean available() {
        return true;
    }

    /** True when other nodes may commit too (cluster mode): this node's copies of rooms can then lag a moment. */
    default boolean spansNodes() {
        return false;
    }

    /** Publications from other nodes received but not yet handed to this node's listeners. */
    default int inboundBacklog() {
        return 0;
    }

    interface Listener {

        /** A commit made on this node, delivered before {@code publish} returns. */
        default void onCommit(RoomCommit commit) {
        }

        /** A commit another node made. By default handled like one of this node's. */
        default void onRemoteCommit(RoomCommit commit) {
            onCommit(commit);
        }

        /** A live event (typing, presence), from this node or another. */
        default void onRoomEvent(RoomEvent event) {
        }

        default void onUserEvent(long userId, UserEvent event) {
        }

        /** A notice from this node or another. */
        default void onNotice(NodeNotice notice) {
        }
    }
}

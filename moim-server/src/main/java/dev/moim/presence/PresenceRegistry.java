package dev.moim.presence;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Which users have at least one live WebSocket session. The embedded default counts sessions in memory;
 * cluster mode uses {@link RedisPresenceRegistry}, which counts across nodes. {@code PresenceRegistryContract}
 * checks both.
 */
public interface PresenceRegistry {

    /** @return true when this is the user's first open session, i.e. they just came online */
    boolean connected(long userId, String sessionId);

    /**
     * @return true when this was the user's last open session on this node: they may have gone offline, which
     *         {@link #isOnline} tells (after the grace, when other nodes have had their say)
     */
    boolean disconnected(long userId, String sessionId);

    boolean isOnline(long userId);

    /**
     * Users whose only sessions were on a node that died are handed to {@code lost}, on one node of the cluster
     * only, so they are announced offline once. A single node never loses another.
     */
    default void whenUsersLost(Consumer<Collection<Long>> lost) {
    }
}

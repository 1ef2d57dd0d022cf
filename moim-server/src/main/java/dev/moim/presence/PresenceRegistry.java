package dev.moim.presence;

/**
 * Which users have at least one live WebSocket session. The embedded default counts sessions in memory;
 * a cluster needs an adapter that counts across nodes.
 */
public interface PresenceRegistry {

    /** @return true when this is the user's first open session, i.e. they just came online */
    boolean connected(long userId, String sessionId);

    /** @return true when this was the user's last open session, i.e. they just went offline */
    boolean disconnected(long userId, String sessionId);

    boolean isOnline(long userId);
}

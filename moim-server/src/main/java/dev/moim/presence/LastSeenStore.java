package dev.moim.presence;

import java.time.Instant;

/** Where "last seen" is kept once a user goes offline. Users are another feature's; this is its port. */
public interface LastSeenStore {

    void updateLastSeen(long userId, Instant lastSeen);
}

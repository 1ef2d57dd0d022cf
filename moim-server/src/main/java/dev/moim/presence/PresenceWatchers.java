package dev.moim.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who follows a user's presence outside rooms: their friends. Friends are another feature's; this is its port, so
 * that presence knows nothing of friendships.
 */
public interface PresenceWatchers {

    /** For each of {@code userIds} that anyone watches, the watchers' ids. */
    Map<Long, List<Long>> watchersOf(Collection<Long> userIds);
}

package dev.moim.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where a user's presence is announced: the open rooms they are in. Rooms are another feature's; this is its port. */
public interface PresenceAudience {

    /** For each of {@code userIds} that is in any open room, those rooms' ids. */
    Map<Long, List<Long>> roomIdsOf(Collection<Long> userIds);
}

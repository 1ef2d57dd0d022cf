package dev.moim.friend;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.moim.presence.PresenceWatchers;
import org.springframework.stereotype.Component;

/** Friends watch each other's presence wherever they are. */
@Component
class FriendWatchers implements PresenceWatchers {

    private final FriendStore store;

    FriendWatchers(FriendStore store) {
        this.store = store;
    }

    @Override
    public Map<Long, List<Long>> watchersOf(Collection<Long> userIds) {
        return store.friendsOfAll(userIds);
    }
}

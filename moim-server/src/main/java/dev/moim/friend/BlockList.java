package dev.moim.friend;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.user.PeerBlocks;
import org.springframework.stereotype.Component;

/**
 * Who blocked whom, from memory: a direct message checks it on the send path, which must not query the database.
 * Each blocker's list is loaded once; a block or unblock on any node makes every node forget that blocker's list
 * (the user-changed notice).
 */
@Component
class BlockList implements PeerBlocks, EventBus.Listener {

    private final LoadingCache<Long, Set<Long>> blockedBy;

    BlockList(FriendStore store) {
        this.blockedBy = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(1))
                .build(blocker -> {
                    Set<Long> blocked = new HashSet<>();
                    store.blockedBy(blocker).forEach(row -> blocked.add(row.userId()));
                    return Set.copyOf(blocked);
                });
    }

    @Override
    public boolean blocks(long blocker, long blocked) {
        return blockedBy.get(blocker).contains(blocked);
    }

    @Override
    public void onNotice(NodeNotice notice) {
        if (notice instanceof NodeNotice.UserChanged changed) {
            blockedBy.invalidate(changed.userId());
        }
    }
}

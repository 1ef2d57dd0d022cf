package dev.moim.user;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.view.Sender;
import org.springframework.stereotype.Component;

/**
 * Who a user id is, from memory: the send path stamps every message with its sender's nickname
 * and must not query the database for it. A profile change (or a withdrawal) on any node makes every node forget the
 * user.
 */
@Component
public class UserDirectory implements EventBus.Listener {

    private final LoadingCache<Long, Sender> senders;

    public UserDirectory(UserStore users) {
        this.senders = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build(id -> users.findById(id).map(UserDirectory::sender).orElse(null));
    }

    /** A withdrawn account still sends its old messages, under a placeholder and without a picture. */
    private static Sender sender(User user) {
        return user.deleted() ? new Sender(user.id(), User.DELETED_NICKNAME, null)
                : new Sender(user.id(), user.nickname(), user.avatarId());
    }

    public Sender sender(long userId) {
        Sender sender = senders.get(userId);
        if (sender == null) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + userId + " does not exist");
        }
        return sender;
    }

    /** The user, or empty for an id that names no one. */
    public Optional<Sender> find(long userId) {
        return Optional.ofNullable(senders.get(userId));
    }

    public void forget(long userId) {
        senders.invalidate(userId);
    }

    @Override
    public void onNotice(NodeNotice notice) {
        if (notice instanceof NodeNotice.UserChanged changed) {
            forget(changed.userId());
        }
    }
}

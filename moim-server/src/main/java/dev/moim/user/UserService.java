package dev.moim.user;

import java.util.List;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Text;
import dev.moim.presence.PresenceService;
import org.springframework.stereotype.Service;

@Service
public class UserService {

    static final int SEARCH_LIMIT = 20;

    private final UserStore users;
    private final EventBus bus;
    private final PresenceService presence;
    private final PeerBlocks blocks;

    public UserService(UserStore users, EventBus bus, PresenceService presence, PeerBlocks blocks) {
        this.blocks = blocks;
        this.users = users;
        this.bus = bus;
        this.presence = presence;
    }

    public UserViews.Me me(long userId) {
        return UserViews.Me.of(requireLive(userId));
    }

    public UserViews.Me updateProfile(long userId, UserRequests.Profile request) {
        User user = requireLive(userId);
        String nickname = request.nickname() == null ? user.nickname() : request.nickname().strip();
        if (nickname.isEmpty()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "nickname must not be empty");
        }
        String status = request.statusMessage() == null ? user.statusMessage() : request.statusMessage().strip();
        users.updateProfile(userId, nickname, status);
        // Every node's directory forgets the old nickname (this node's before publish returns).
        bus.publish(new NodeNotice.UserChanged(userId));
        return UserViews.Me.of(require(userId));
    }

    /** As {@code viewer} sees them: someone who blocked the viewer shows as offline, with no last seen. */
    public UserViews.Profile profile(long userId, long viewer) {
        return toProfile(require(userId), viewer);
    }

    /** Finds people to invite: an exact email, or nicknames containing the text. */
    public List<UserViews.Profile> search(String query, long viewer) {
        String text = Text.require("q", query == null ? "" : query.strip());
        if (text.isEmpty() || text.length() > 254) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "q must be 1 to 254 characters");
        }
        return users.search(text, SEARCH_LIMIT).stream().map(u -> toProfile(u, viewer)).toList();
    }

    private UserViews.Profile toProfile(User user, long viewer) {
        if (user.deleted()) {
            return new UserViews.Profile(user.id(), User.DELETED_NICKNAME, null, false, null, null, true);
        }
        if (blocks.blocks(user.id(), viewer)) {
            return new UserViews.Profile(user.id(), user.nickname(), user.statusMessage(), false, null, user.avatarId(), false);
        }
        return new UserViews.Profile(user.id(), user.nickname(), user.statusMessage(), presence.isOnline(user.id()),
                user.lastSeenAt(), user.avatarId(), false);
    }

    /** The account of a signed-in user: a withdrawn one has no sessions left, but a token may race the withdrawal. */
    private User requireLive(long userId) {
        User user = require(userId);
        if (user.deleted()) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "This account was withdrawn");
        }
        return user;
    }

    private User require(long userId) {
        return users.findById(userId)
                .orElseThrow(() -> new MoimException(ErrorCode.USER_NOT_FOUND, "User " + userId + " does not exist"));
    }
}

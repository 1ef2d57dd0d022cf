package dev.moim.user;

import java.time.Instant;
import java.util.UUID;

/** JSON shapes of users. */
public final class UserViews {

    private UserViews() {
    }

    /** The signed-in user's own account. */
    public record Me(long id, String email, String nickname, String statusMessage, UUID avatarId) {
        public static Me of(User user) {
            return new Me(user.id(), user.email(), user.nickname(), user.statusMessage(), user.avatarId());
        }
    }

    /** Another user as others see them: no email. */
    public record Profile(long id, String nickname, String statusMessage, boolean online, Instant lastSeenAt,
                          UUID avatarId) {
    }
}

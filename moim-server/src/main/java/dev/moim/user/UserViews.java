package dev.moim.user;

import java.time.Instant;
import java.util.UUID;

/** JSON shapes of users. */
public final class UserViews {

    private UserViews() {
    }

    /** The signed-in user's own account. {@code emailVerified}: the owner typed the code mailed to the address. */
    public record Me(long id, String email, String nickname, String statusMessage, UUID avatarId, boolean emailVerified) {
        public static Me of(User user) {
            return new Me(user.id(), user.email(), user.nickname(), user.statusMessage(), user.avatarId(),
                    user.emailVerified());
        }
    }

    /**
     * Another user as others see them: no email. {@code deleted}: the account was withdrawn (its nickname is then
     * {@link User#DELETED_NICKNAME}).
     */
    public record Profile(long id, String nickname, String statusMessage, boolean online, Instant lastSeenAt,
                          UUID avatarId, boolean deleted) {
    }
}

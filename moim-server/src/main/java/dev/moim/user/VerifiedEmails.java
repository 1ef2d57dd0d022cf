package dev.moim.user;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.springframework.stereotype.Component;

/**
 * Enforces {@code moim.accounts.require-verified-email} for REST and STOMP. Only "verified" is remembered: an account
 * never goes back to unverified, so a verification on another node needs no notice, and an unverified account (which
 * is refused anyway) is looked up each time.
 */
@Component
public class VerifiedEmails {

    private final UserStore users;
    private final boolean required;
    private final Cache<Long, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofHours(1)).build();

    public VerifiedEmails(UserStore users, MoimProperties properties) {
        this.users = users;
        this.required = properties.accounts().requireVerifiedEmail();
    }

    public boolean required() {
        return required;
    }

    /** Refuses an unverified account with EMAIL_NOT_VERIFIED while verification is required; does nothing otherwise. */
    public void require(long userId) {
        if (!required || verified.getIfPresent(userId) != null) {
            return;
        }
        if (!users.emailVerified(userId)) {
            throw new MoimException(ErrorCode.EMAIL_NOT_VERIFIED,
                    "Verify your email first: type the code mailed to you (POST /api/v1/auth/verify-email)");
        }
        verified.put(userId, Boolean.TRUE);
    }
}

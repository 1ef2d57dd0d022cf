package dev.moim.account;

import java.time.Duration;

import dev.moim.auth.AccountCreated;
import dev.moim.common.AfterCommit;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.config.MoimProperties;
import dev.moim.mail.MailQueue;
import dev.moim.user.User;
import dev.moim.user.UserStore;
import dev.moim.user.UserViews;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** Proving an account owns its e-mail address: a code mailed at sign-up (and on request), typed back signed in. */
@Service
public class EmailVerificationService {

    private final AccountCodes codes;
    private final UserStore users;
    private final MailQueue mail;
    private final RateLimits rateLimits;
    private final Duration ttl;
    private final Duration cooldown;
    private final int maxAttempts;

    public EmailVerificationService(AccountCodes codes, UserStore users, MailQueue mail, RateLimits rateLimits,
                                    MoimProperties properties) {
        this.codes = codes;
        this.users = users;
        this.mail = mail;
        this.rateLimits = rateLimits;
        MoimProperties.Accounts accounts = properties.accounts();
        this.ttl = accounts.verificationCodeTtl();
        this.cooldown = accounts.resendCooldown();
        this.maxAttempts = accounts.codeAttempts();
    }

    /** The first code, written in the sign-up's transaction and mailed once it has committed. */
    @EventListener
    void accountCreated(AccountCreated created) {
        codes.issue(created.userId(), AccountCodes.Purpose.VERIFY_EMAIL, ttl, Duration.ZERO)
                .ifPresent(code -> AfterCommit.run(() -> mail.send(AccountMails.verification(created.email(), code, ttl))));
    }

    public UserViews.Me verify(long userId, String code, String clientAddress) {
        rateLimits.checkCodeCheck(clientAddress);
        requireUnverified(userId);
        AccountCodes.Outcome outcome = codes.check(userId, AccountCodes.Purpose.VERIFY_EMAIL, code, maxAttempts,
                () -> users.markEmailVerified(userId));
        switch (outcome.result()) {
            case MATCHED -> {
                return UserViews.Me.of(users.findById(userId).orElseThrow());
            }
            case WRONG -> throw new MoimException(ErrorCode.VERIFICATION_CODE_INVALID, outcome.attemptsLeft() > 0
                    ? "That is not the code; " + outcome.attemptsLeft() + " more tries before it stops working"
                    : "That is not the code, and it no longer works; ask for a new one");
            case EXPIRED -> throw new MoimException(ErrorCode.VERIFICATION_CODE_EXPIRED, "The code has expired; ask for a new one");
            case USED_UP -> throw new MoimException(ErrorCode.VERIFICATION_CODE_EXPIRED,
                    "The code was guessed wrong too often and no longer works; ask for a new one");
            case NONE -> throw new MoimException(ErrorCode.VERIFICATION_CODE_EXPIRED, "No code is waiting; ask for a new one");
        }
        throw new IllegalStateException(outcome.toString());
    }

    /** Mails a new code, which replaces the old one; no more often than the cooldown and the hourly limits allow. */
    public AccountRequests.CodeSent resend(long userId, String clientAddress) {
        User user = requireUnverified(userId);
        Duration wait = codes.untilResend(userId, AccountCodes.Purpose.VERIFY_EMAIL, cooldown);
        if (!wait.isZero()) {
            throw tooSoon(wait);
        }
        rateLimits.checkCodeSend(clientAddress, user.email());
        String code = codes.issue(userId, AccountCodes.Purpose.VERIFY_EMAIL, ttl, cooldown)
                .orElseThrow(() -> tooSoon(cooldown));
        mail.send(AccountMails.verification(user.email(), code, ttl));
        return new AccountRequests.CodeSent(ttl.toSeconds(), cooldown.toSeconds());
    }

    private static MoimException tooSoon(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new MoimException(ErrorCode.RATE_LIMITED, "A code was sent a moment ago; you can ask for another in "
                + seconds + " s");
    }

    private User requireUnverified(long userId) {
        User user = users.findById(userId).filter(u -> !u.deleted())
                .orElseThrow(() -> new MoimException(ErrorCode.USER_NOT_FOUND, "This account does not exist"));
        if (user.emailVerified()) {
            throw new MoimException(ErrorCode.ALREADY_VERIFIED, "This email is verified already");
        }
        return user;
    }
}

package dev.moim.account;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.moim.auth.AuthRequests;
import dev.moim.auth.AuthService;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.config.MoimProperties;
import dev.moim.mail.MailQueue;
import dev.moim.user.User;
import dev.moim.user.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing a password, signed in with the current one or by a code mailed to the address. Either way every log-in
 * session of the account ends, on every node, with its sockets: whoever held a stolen session is out.
 *
 * <p>Asking for a reset code answers the same whether the address has an account or not, and at the same speed:
 * the request is only counted and queued; looking the address up and mailing happen on a thread of their own.
 */
@Service
public class PasswordService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PasswordService.class);

    private final AccountCodes codes;
    private final UserStore users;
    private final AuthService auth;
    private final MailQueue mail;
    private final RateLimits rateLimits;
    private final TransactionTemplate tx;
    private final Duration ttl;
    private final Duration cooldown;
    private final int maxAttempts;
    /** One thread is plenty: each reset request is a lookup and at most one small write. */
    private final ThreadPoolExecutor resets;

    public PasswordService(AccountCodes codes, UserStore users, AuthService auth, MailQueue mail, RateLimits rateLimits,
                           TransactionTemplate tx, MoimProperties properties) {
        this.codes = codes;
        this.users = users;
        this.auth = auth;
        this.mail = mail;
        this.rateLimits = rateLimits;
        this.tx = tx;
        MoimProperties.Accounts accounts = properties.accounts();
        this.ttl = accounts.resetCodeTtl();
        this.cooldown = accounts.resendCooldown();
        this.maxAttempts = accounts.codeAttempts();
        CustomizableThreadFactory factory = new CustomizableThreadFactory("moim-password-reset-");
        factory.setDaemon(true);
        this.resets = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues a reset code for the address if it has an account; the caller learns nothing either way. */
    public void requestReset(String email, String clientAddress) {
        String address = AuthService.normalizeEmail(email);
        rateLimits.checkCodeSend(clientAddress, address);
        try {
            resets.execute(() -> mailResetCode(address));
        } catch (RejectedExecutionException full) {
            throw new MoimException(ErrorCode.SERVER_BUSY, "Too many password resets are waiting; try again in a moment");
        }
    }

    private void mailResetCode(String address) {
        try {
            User user = users.findByEmail(address).orElse(null);
            if (user == null) {
                log.debug("A password reset was asked for an address without an account");
                return;
            }
            codes.issue(user.id(), AccountCodes.Purpose.RESET_PASSWORD, ttl, cooldown).ifPresentOrElse(
                    code -> mail.send(AccountMails.passwordReset(address, code, ttl)),
                    () -> log.info("A password reset for user {} came within the resend cooldown; no new code", user.id()));
        } catch (RuntimeException e) {
            log.warn("A password reset could not be handled: {}", e.toString());
        }
    }

    /**
     * Sets a new password with a mailed code. Every failure (unknown address, no code, wrong, used up or expired
     * code) is the same VERIFICATION_CODE_INVALID, so that this cannot tell whether an address has an account.
     * The code proves the address too, so the account counts as verified afterwards.
     */
    public void confirmReset(AccountRequests.PasswordResetConfirm request, String clientAddress) {
        rateLimits.checkCodeCheck(clientAddress);
        // Hashed before the code is looked at, for every request alike: no answer comes back faster for a stranger.
        String hash = auth.hashPassword(request.newPassword());
        User user = users.findByEmail(AuthService.normalizeEmail(request.email())).orElse(null);
        AccountCodes.Outcome outcome = user == null ? null
                : codes.check(user.id(), AccountCodes.Purpose.RESET_PASSWORD, request.code(), maxAttempts, () -> {
                    users.updatePassword(user.id(), hash);
                    users.markEmailVerified(user.id());
                    auth.endAllSessions(user.id());
                });
        if (outcome == null || outcome.result() != AccountCodes.Result.MATCHED) {
            throw new MoimException(ErrorCode.VERIFICATION_CODE_INVALID,
                    "The code is wrong, used up or expired; check it, or ask for a new one");
        }
    }

    /**
     * Changes the password of a signed-in user who knows the current one. Every session ends, this one too, and the
     * caller gets a new one (its tokens), so this device stays signed in.
     */
    public AuthRequests.Session change(long userId, AccountRequests.PasswordChange request) {
        User user = requireLive(userId);
        confirm(user, request.currentPassword());
        String hash = auth.hashPassword(request.newPassword());
        return tx.execute(status -> {
            users.updatePassword(userId, hash);
            auth.endAllSessions(userId);
            return auth.openSession(users.findById(userId).orElseThrow());
        });
    }

    /** The signed-in user's own password, asked again before something that cannot be undone. */
    void confirm(User user, String password) {
        rateLimits.checkPasswordCheck(user.id());
        if (!auth.passwordMatches(user, password)) {
            throw new MoimException(ErrorCode.WRONG_PASSWORD, "That is not your password");
        }
        rateLimits.passwordCheckPassed(user.id());
    }

    User requireLive(long userId) {
        return users.findById(userId).filter(u -> !u.deleted())
                .orElseThrow(() -> new MoimException(ErrorCode.USER_NOT_FOUND, "This account does not exist"));
    }

    @Override
    public void destroy() {
        resets.shutdownNow();
    }
}

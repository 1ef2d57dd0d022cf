package dev.moim.ledger;

import dev.moim.auth.AuthService;
import dev.moim.auth.PasswordHashing;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.user.User;
import dev.moim.user.UserStore;
import org.springframework.stereotype.Service;

/**
 * The user's consent to move money out of their wallet (or out of a group account they manage): their payment PIN or
 * their password, asked again each time. Wrong ones are rate-limited per user (across nodes in cluster mode), so a
 * stolen access token does not become a way to guess either. Both are checked with BCrypt on the bounded hashing pool.
 */
@Service
public class Confirmations {

    private final LedgerStore store;
    private final UserStore users;
    private final AuthService auth;
    private final PasswordHashing hashing;
    private final RateLimits rateLimits;
    private final LedgerEvents events;

    Confirmations(LedgerStore store, UserStore users, AuthService auth, PasswordHashing hashing, RateLimits rateLimits,
                  LedgerEvents events) {
        this.store = store;
        this.users = users;
        this.auth = auth;
        this.hashing = hashing;
        this.rateLimits = rateLimits;
        this.events = events;
    }

    /**
     * Exactly one of {@code pin} and {@code password} (VALIDATION_FAILED otherwise). WRONG_PAYMENT_PIN,
     * WRONG_PASSWORD, RATE_LIMITED; PAYMENT_PIN_NOT_SET when a PIN is given and none was set.
     */
    public void confirm(long userId, String pin, String password) {
        if ((pin == null) == (password == null)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "Confirm with exactly one of pin and password");
        }
        if (password != null) {
            checkPassword(live(userId), password);
            return;
        }
        String hash = store.pinHash(userId).orElseThrow(() -> new MoimException(ErrorCode.PAYMENT_PIN_NOT_SET,
                "You have not set a payment PIN; confirm with your password, or set a PIN first"));
        rateLimits.checkPaymentPin(userId);
        if (!validPin(pin) || !hashing.matches(pin, hash)) {
            throw new MoimException(ErrorCode.WRONG_PAYMENT_PIN, "That is not your payment PIN");
        }
        rateLimits.paymentPinPassed(userId);
    }

    /** Sets or changes the payment PIN (6 digits), confirmed by the account's password. */
    public void setPin(long userId, String pin, String password) {
        if (!validPin(pin)) {
            throw new dev.moim.common.InvalidField("pin", "must be exactly 6 digits");
        }
        if (password == null) {
            throw new dev.moim.common.InvalidField("password", "is required to set a payment PIN");
        }
        checkPassword(live(userId), password);
        store.setPin(userId, hashing.encode(pin), Times.now());
        store.wallet(userId).ifPresent(wallet -> events.changed(wallet.account(), true));
    }

    /** Removes the payment PIN, confirmed by the account's password; transfers are then confirmed by the password. */
    public boolean deletePin(long userId, String password) {
        if (password == null) {
            throw new dev.moim.common.InvalidField("password", "is required to remove the payment PIN");
        }
        checkPassword(live(userId), password);
        boolean deleted = store.deletePin(userId);
        store.wallet(userId).ifPresent(wallet -> events.changed(wallet.account(), true));
        return deleted;
    }

    public boolean hasPin(long userId) {
        return store.pinHash(userId).isPresent();
    }

    private void checkPassword(User user, String password) {
        rateLimits.checkPasswordCheck(user.id());
        if (!auth.passwordMatches(user, password)) {
            throw new MoimException(ErrorCode.WRONG_PASSWORD, "That is not your password");
        }
        rateLimits.passwordCheckPassed(user.id());
    }

    private User live(long userId) {
        return users.findById(userId).filter(u -> !u.deleted())
                .orElseThrow(() -> new MoimException(ErrorCode.USER_NOT_FOUND, "This account does not exist"));
    }

    private static boolean validPin(String pin) {
        return pin != null && pin.length() == 6 && pin.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}

package dev.moim.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.AfterCommit;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.config.MoimProperties;
import dev.moim.user.User;
import dev.moim.user.UserStore;
import dev.moim.user.UserViews;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
public class AuthService {

    private static final int BCRYPT_MAX_BYTES = 72;

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final AccessTokens accessTokens;
    private final EventBus bus;
    private final PasswordHashing passwords;
    private final RateLimits rateLimits;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Duration refreshTtl;
    private final Duration loginDelayUnderAttack;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when the email is unknown, so a miss costs as long as a wrong password. */
    private final String decoyHash;

    public AuthService(UserStore users, RefreshTokenStore refreshTokens, AccessTokens accessTokens,
                       EventBus bus,
                       PasswordHashing passwords, RateLimits rateLimits, TransactionTemplate tx,
                       ApplicationEventPublisher events, MoimProperties properties) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.bus = bus;
        this.passwords = passwords;
        this.rateLimits = rateLimits;
        this.tx = tx;
        this.events = events;
        this.refreshTtl = properties.auth().refreshTokenTtl();
        this.loginDelayUnderAttack = properties.auth().loginDelayUnderAttack();
        this.decoyHash = passwords.encode("decoy-password-for-timing");
    }

    /** {@code clientAddress} is the key of the per-address limit ({@link dev.moim.common.ClientAddress}). */
    public UserViews.Me signup(AuthRequests.Signup request, String clientAddress) {
        requireBcryptLength(request.password());
        rateLimits.checkSignup(clientAddress);
        String email = normalizeEmail(request.email());
        String hash = passwords.encode(request.password());
        // The account and its first verification code are written together (AccountCreated's listener joins in).
        User user = tx.execute(status -> {
            User created = users.insert(email, hash, request.nickname().strip());
            events.publishEvent(new AccountCreated(created.id(), email));
            return created;
        });
        return UserViews.Me.of(user);
    }

    /** BCrypt of a new password (sign-up rules: at most 72 bytes), on the bounded hashing pool. */
    public String hashPassword(String password) {
        requireBcryptLength(password);
        return passwords.encode(password);
    }

    /** Whether the password is the account's, on the bounded hashing pool. */
    public boolean passwordMatches(User user, String password) {
        return user.passwordHash() != null && !tooLongForBcrypt(password) && passwords.matches(password, user.passwordHash());
    }

    /**
     * Ends every log-in session of the user, as a log-out ends one. Call it inside the transaction that changes the
     * credentials: the refresh tokens are revoked with it, and once it commits every node refuses the sessions'
     * access tokens and closes their sockets.
     */
    public void endAllSessions(long userId) {
        List<UUID> families = refreshTokens.revokeAllOf(userId);
        AfterCommit.run(() -> families.forEach(family -> bus.publish(new NodeNotice.SessionEnded(userId, family))));
    }

    /** A new log-in session for the user, as log-in starts one; call it inside a transaction. */
    public AuthRequests.Session openSession(User user) {
        return startSession(user, UUID.randomUUID());
    }

    /**
     * Checks the password under the log-in limits of {@link RateLimits#startLogin}: an address that keeps failing is
     * refused, while an account that fails from everywhere is only slowed down, so its owner still gets in.
     */
    public AuthRequests.Session login(AuthRequests.Login request, String clientAddress) {
        String email = normalizeEmail(request.email());
        RateLimits.LoginAttempt attempt = rateLimits.startLogin(clientAddress, email);
        User user;
        boolean matches;
        try {
            user = users.findByEmail(email).orElse(null);
            matches = !tooLongForBcrypt(request.password())
                    && passwords.matches(request.password(), user == null ? decoyHash : user.passwordHash());
        } catch (RuntimeException notChecked) {
            attempt.abandoned();
            throw notChecked;
        }
        if (attempt.underAttack()) {
            // The same wait whether right or wrong, so it tells a guesser nothing and costs them time.
            pause(loginDelayUnderAttack);
        }
        if (user == null || !matches) {
            throw new MoimException(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password");
        }
        attempt.succeeded();
        return tx.execute(status -> {
            // A password change (or withdrawal) that committed since the check wins: its revocation of every session
            // cannot have seen this one. The row lock orders the two, so one of them always sees the other.
            if (!Objects.equals(users.lockPasswordHash(user.id()).orElse(null), user.passwordHash())) {
                throw new MoimException(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password");
            }
            return startSession(user, UUID.randomUUID());
        });
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoimException(ErrorCode.SERVER_BUSY, "Interrupted while checking the password");
        }
    }

    /**
     * Spends a refresh token for a new pair. Presenting a token that was already spent means it leaked:
     * the whole family (every token descended from that log-in) is revoked.
     */
    public AuthRequests.Session refresh(String refreshToken) {
        String hash = hash(refreshToken);
        RefreshTokenStore.StoredToken stored = refreshTokens.find(hash)
                .orElseThrow(() -> new MoimException(ErrorCode.REFRESH_TOKEN_INVALID, "Unknown refresh token"));
        if (stored.revoked()) {
            throw new MoimException(ErrorCode.REFRESH_TOKEN_INVALID, "This session has been signed out");
        }
        if (stored.used()) {
            revoke(stored);
            throw new MoimException(ErrorCode.REFRESH_TOKEN_REUSED,
                    "This refresh token was already used; the session has been revoked for safety");
        }
        if (stored.expiresAt().isBefore(Instant.now())) {
            throw new MoimException(ErrorCode.REFRESH_TOKEN_INVALID, "The refresh token has expired");
        }
        User user = users.findById(stored.userId())
                .orElseThrow(() -> new MoimException(ErrorCode.REFRESH_TOKEN_INVALID, "Unknown user"));
        AuthRequests.Session session = tx.execute(status -> {
            if (!refreshTokens.markUsed(hash)) {
                return null;
            }
            return startSession(user, stored.familyId());
        });
        if (session == null) {
            // Lost a race with another request spending the same token: that is reuse too.
            revoke(stored);
            throw new MoimException(ErrorCode.REFRESH_TOKEN_REUSED, "This refresh token was already used");
        }
        // A log-out that ran while this refresh did revoked the family's tokens as they were then, and may have
        // missed the one just issued. Looked at after our commit, its revocation is visible: revoke again, refuse.
        if (refreshTokens.familyRevoked(stored.familyId())) {
            revoke(stored);
            throw new MoimException(ErrorCode.REFRESH_TOKEN_INVALID, "This session has been signed out");
        }
        return session;
    }

    public void logout(String refreshToken) {
        refreshTokens.find(hash(refreshToken)).ifPresent(this::revoke);
    }

    /**
     * Ends a log-in session everywhere: its refresh tokens, and on every node its access tokens (until they would
     * have expired) and its open sockets ({@link RevokedSessions} hears the notice, this node's before publish
     * returns).
     */
    private void revoke(RefreshTokenStore.StoredToken token) {
        refreshTokens.revokeFamily(token.familyId());
        bus.publish(new NodeNotice.SessionEnded(token.userId(), token.familyId()));
    }

    private AuthRequests.Session startSession(User user, UUID family) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        refreshTokens.insert(hash(refreshToken), family, user.id(), Instant.now().plus(refreshTtl));
        AccessTokens.Issued access = accessTokens.issue(user.id(), family);
        long expiresIn = Math.max(0, Duration.between(Instant.now(), access.expiresAt()).toSeconds());
        return new AuthRequests.Session(access.token(), refreshToken, "Bearer", expiresIn, UserViews.Me.of(user));
    }

    private static void requireBcryptLength(String password) {
        if (tooLongForBcrypt(password)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "password must be at most " + BCRYPT_MAX_BYTES
                    + " bytes in UTF-8 (about 24 Korean characters)");
        }
    }

    /** BCrypt reads at most 72 bytes; refusing longer passwords beats silently ignoring their tail. */
    private static boolean tooLongForBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES;
    }

    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase();
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.moim.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Short-lived signed access tokens (JWT, HS256). The subject is the user id; {@code sid} names the log-in session
 * (the refresh-token family) the token was issued to, so that logging out can refuse it before it expires.
 * REST (through Spring Security's resource server) and the WebSocket CONNECT apply the same rules.
 */
@Component
public class AccessTokens {

    static final String ISSUER = "moim";
    static final String SESSION_CLAIM = "sid";
    /** Tokens are short-lived, so the default minute of clock skew would be a quarter of their life. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final String REVOKED = "session_revoked";
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final MoimProperties properties;

    public AccessTokens(MoimProperties properties, RevokedSessions revoked) {
        SecretKey key = SigningKeyProvider.load(properties);
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        // A token without exp would be good forever, and the timestamp check alone lets that pass.
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(CLOCK_SKEW),
                new JwtIssuerValidator(ISSUER),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<Object>(JwtClaimNames.SUB, sub -> sub instanceof String id && USER_ID.matcher(id).matches()),
                new JwtClaimValidator<Object>(SESSION_CLAIM, sid -> sessionId(sid) != null),
                notRevoked(revoked)));
        this.decoder = decoder;
        this.properties = properties;
    }

    public Issued issue(long userId, UUID sessionId) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.auth().accessTokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .claim(SESSION_CLAIM, sessionId.toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, expiresAt);
    }

    /** Checks signature, claims, expiry and session; used by the WebSocket CONNECT, where Spring Security's filter does not run. */
    public Verified verify(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (RuntimeException e) {
            ErrorCode code = refusal(e);
            throw new MoimException(code, switch (code) {
                case TOKEN_EXPIRED -> "The access token has expired";
                case SESSION_REVOKED -> "This session was signed out; log in again";
                default -> "The access token is not valid";
            });
        }
        // No skew for sockets: a session opened on a spent token would be closed at once anyway.
        if (!jwt.getExpiresAt().isAfter(Instant.now())) {
            throw new MoimException(ErrorCode.TOKEN_EXPIRED, "The access token has expired");
        }
        return new Verified(Long.parseLong(jwt.getSubject()), sessionId(jwt.getClaim(SESSION_CLAIM)), jwt.getExpiresAt());
    }

    /** Why a token was refused, for REST and STOMP alike: its session was revoked, it expired, or it is not valid. */
    public static ErrorCode refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid) {
                if (invalid.getErrors().stream().anyMatch(e -> REVOKED.equals(e.getErrorCode()))) {
                    return ErrorCode.SESSION_REVOKED;
                }
                boolean expired = invalid.getErrors().stream()
                        .anyMatch(e -> e.getDescription() != null && e.getDescription().startsWith("Jwt expired"));
                return expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHENTICATED;
            }
        }
        return ErrorCode.UNAUTHENTICATED;
    }

    private static OAuth2TokenValidator<Jwt> notRevoked(RevokedSessions revoked) {
        OAuth2Error error = new OAuth2Error(REVOKED, "The session was signed out", null);
        return jwt -> {
            UUID session = sessionId(jwt.getClaim(SESSION_CLAIM));
            return session != null && revoked.isRevoked(session)
                    ? OAuth2TokenValidatorResult.failure(error) : OAuth2TokenValidatorResult.success();
        };
    }

    JwtDecoder decoder() {
        return decoder;
    }

    private static UUID sessionId(Object claim) {
        if (claim instanceof String text && text.length() == 36) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    /** A valid token: whose it is, which log-in session it belongs to, and when it runs out. */
    public record Verified(long userId, UUID sessionId, Instant expiresAt) {
    }
}

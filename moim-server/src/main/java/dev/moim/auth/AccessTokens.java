package dev.moim.auth;

import java.time.Duration;
import java.time.Instant;

import javax.crypto.SecretKey;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/** Short-lived signed access tokens (JWT, HS256): the subject is the user id. */
@Component
public class AccessTokens {

    static final String ISSUER = "moim";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final MoimProperties properties;

    public AccessTokens(MoimProperties properties) {
        SecretKey key = SigningKeyProvider.load(properties);
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        // Tokens are short-lived, so the default minute of clock skew would be a quarter of their life.
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(CLOCK_SKEW), new JwtIssuerValidator(ISSUER)));
        this.decoder = decoder;
        this.properties = properties;
    }

    public Issued issue(long userId) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.auth().accessTokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, expiresAt);
    }

    /** Checks signature and expiry; used by the WebSocket CONNECT, where Spring Security's filter does not run. */
    public Verified verify(String token) {
        try {
            Jwt jwt = decoder.decode(token);
            // No skew for sockets: a session opened on a spent token would be closed at once anyway.
            if (!jwt.getExpiresAt().isAfter(Instant.now())) {
                throw new MoimException(ErrorCode.TOKEN_EXPIRED, "The access token has expired");
            }
            return new Verified(Long.parseLong(jwt.getSubject()), jwt.getExpiresAt());
        } catch (BadJwtException e) {
            boolean expired = e.getMessage() != null && e.getMessage().contains("expired");
            throw new MoimException(expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHENTICATED,
                    expired ? "The access token has expired" : "The access token is not valid");
        } catch (JwtException | NumberFormatException e) {
            throw new MoimException(ErrorCode.UNAUTHENTICATED, "The access token is not valid");
        }
    }

    JwtDecoder decoder() {
        return decoder;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public record Verified(long userId, Instant expiresAt) {
    }
}

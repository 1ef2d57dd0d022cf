package dev.moim.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.moim.config.MoimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC key that signs access tokens. It comes from configuration ({@code moim.auth.jwt-secret});
 * a first embedded start without one generates a key into the data directory, so the repository never holds one
 * and tokens survive a restart. Every node of a cluster must be given the same configured key.
 */
final class SigningKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyProvider.class);
    private static final int MIN_KEY_BYTES = 32;

    private SigningKeyProvider() {
    }

    static SecretKey load(MoimProperties properties) {
        String configured = properties.auth().jwtSecret();
        byte[] key;
        if (configured != null && !configured.isBlank()) {
            key = Base64.getDecoder().decode(configured.trim());
        } else {
            key = readOrGenerate(properties.dataDir().resolve("jwt-signing.key"));
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("moim.auth.jwt-secret must be base64 of at least " + MIN_KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    private static byte[] readOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[64];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            restrictToOwner(file);
            log.info("Generated a new token signing key at {}", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the signing key " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
    }
}

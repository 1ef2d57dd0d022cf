package dev.moim.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.moim.config.MoimProperties;
import org.springframework.stereotype.Component;

/**
 * Mailed one-time codes are kept as an HMAC, never as typed. A six-digit code has only a million values, so a plain
 * hash would fall to anyone who reads the table; the key here is derived from the token signing key, which is not in
 * the database and is the same on every node.
 */
@Component
public class CodeHashing {

    private final SecretKey key;

    CodeHashing(MoimProperties properties) {
        byte[] derived = mac(SigningKeyProvider.load(properties), "moim one-time codes v1");
        this.key = new SecretKeySpec(derived, "HmacSHA256");
    }

    /** The stored form of a code: bound to its account and purpose, so it is worth nothing anywhere else. */
    public String hash(long userId, String purpose, String code) {
        return HexFormat.of().formatHex(mac(key, userId + ":" + purpose + ":" + code));
    }

    /** Compares in constant time. */
    public boolean matches(String storedHash, long userId, String purpose, String code) {
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(userId, purpose, code).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(SecretKey key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

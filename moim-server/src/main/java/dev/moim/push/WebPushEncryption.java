package dev.moim.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): an ephemeral ECDH key
 * pair and a random salt per message, keys from HKDF-SHA-256 over the shared secret and the subscription's auth
 * secret, and the whole message in one AES-128-GCM record, which is what push services take.
 */
final class WebPushEncryption {

    /** The record size written in the header; one record of at most this many bytes holds the whole message. */
    static final int RECORD_SIZE = 4096;
    static final int SALT_BYTES = 16;
    static final int AUTH_SECRET_BYTES = 16;
    private static final int TAG_BYTES = 16;
    /** salt, record size, key id length, and the key id: our ephemeral public key. */
    static final int HEADER_BYTES = SALT_BYTES + 4 + 1 + P256.PUBLIC_KEY_BYTES;
    /**
     * Push services need take no more than 4096 bytes of body (RFC 8291 section 4): less the header, the padding
     * delimiter and the GCM tag, 3993 bytes of plaintext.
     */
    static final int MAX_PLAINTEXT = RECORD_SIZE - HEADER_BYTES - 1 - TAG_BYTES;
    /** Plaintext is padded up to a multiple of this, so that a push service learns less from a message's length. */
    private static final int PAD_TO = 64;

    private static final byte[] KEY_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CEK_INFO = "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE_INFO = "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /** The body of a push to a subscription with these keys ({@code p256dh} already checked to be on the curve). */
    static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentKey, byte[] authSecret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        int padded = Math.min(MAX_PLAINTEXT, (plaintext.length + PAD_TO - 1) / PAD_TO * PAD_TO);
        return encrypt(plaintext, userAgentKey, authSecret, P256.generate(), salt, Math.max(0, padded - plaintext.length));
    }

    /** The same with the ephemeral key pair, salt and padding given: RFC 8291's example fixes them. */
    static byte[] encrypt(byte[] plaintext, ECPublicKey userAgentKey, byte[] authSecret, KeyPair ephemeral,
                          byte[] salt, int padding) {
        if (padding < 0 || plaintext.length + padding > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("A push message holds at most " + MAX_PLAINTEXT + " bytes");
        }
        if (authSecret.length != AUTH_SECRET_BYTES || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("The auth secret and the salt are 16 bytes each");
        }
        try {
            byte[] userAgentPublic = P256.encode(userAgentKey);
            byte[] serverPublic = P256.encode((ECPublicKey) ephemeral.getPublic());

            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(ephemeral.getPrivate());
            ecdh.doPhase(userAgentKey, true);
            byte[] sharedSecret = ecdh.generateSecret();

            // RFC 8291 section 3.4: the auth secret and both public keys go into the input keying material...
            byte[] prkKey = hmac(authSecret, sharedSecret);
            byte[] ikm = expand(prkKey, concat(KEY_INFO, userAgentPublic, serverPublic), 32);
            // ...and RFC 8188 section 2.2 derives the content key and nonce from it with the salt.
            byte[] prk = hmac(salt, ikm);
            byte[] contentKey = expand(prk, CEK_INFO, 16);
            byte[] nonce = expand(prk, NONCE_INFO, 12);

            // The last (and only) record ends with the delimiter 0x02, then zeros as padding.
            byte[] record = new byte[plaintext.length + 1 + padding];
            System.arraycopy(plaintext, 0, record, 0, plaintext.length);
            record[plaintext.length] = 0x02;

            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            byte[] ciphertext = aes.doFinal(record);

            return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
                    .put(salt)
                    .putInt(RECORD_SIZE)
                    .put((byte) serverPublic.length)
                    .put(serverPublic)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a push message", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** HKDF-Expand (RFC 5869) for at most one block (32 bytes), all that Web Push needs. */
    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }
}

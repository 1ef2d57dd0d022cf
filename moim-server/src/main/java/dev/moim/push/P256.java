package dev.moim.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;

/**
 * NIST P-256 keys in the forms Web Push writes them: a public key as the 65-byte uncompressed point
 * ({@code 0x04 || x || y}) and a private key as the 32-byte scalar, both in base64url without padding.
 */
final class P256 {

    static final int PUBLIC_KEY_BYTES = 65;
    static final int PRIVATE_KEY_BYTES = 32;
    private static final int COORDINATE_BYTES = 32;
    static final ECParameterSpec PARAMS = params();

    private P256() {
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no P-256", e);
        }
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(PARAMS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a P-256 key pair", e);
        }
    }

    /**
     * The public key of an uncompressed point, checked to lie on the curve: a point off it would let whoever chose
     * it learn bits of our ephemeral private key from the ECDH result (an invalid-curve attack).
     *
     * @throws IllegalArgumentException when the bytes are not such a point
     */
    static ECPublicKey publicKey(byte[] point) {
        if (point.length != PUBLIC_KEY_BYTES || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed P-256 point (65 bytes starting with 0x04)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + COORDINATE_BYTES, PUBLIC_KEY_BYTES));
        EllipticCurve curve = PARAMS.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("a coordinate is outside the field");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new IllegalArgumentException("the point is not on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key", e);
        }
    }

    static ECPrivateKey privateKey(byte[] scalar) {
        BigInteger s = new BigInteger(1, scalar);
        if (scalar.length != PRIVATE_KEY_BYTES || s.signum() == 0 || s.compareTo(PARAMS.getOrder()) >= 0) {
            throw new IllegalArgumentException("not a P-256 private key (32 bytes, 0 < d < n)");
        }
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key", e);
        }
    }

    static byte[] encode(ECPublicKey key) {
        byte[] point = new byte[PUBLIC_KEY_BYTES];
        point[0] = 0x04;
        unsigned(key.getW().getAffineX(), point, 1);
        unsigned(key.getW().getAffineY(), point, 1 + COORDINATE_BYTES);
        return point;
    }

    static byte[] encode(ECPrivateKey key) {
        byte[] scalar = new byte[PRIVATE_KEY_BYTES];
        unsigned(key.getS(), scalar, 0);
        return scalar;
    }

    /** Writes {@code value} big-endian into exactly 32 bytes at {@code offset}, left-padded with zeros. */
    private static void unsigned(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > COORDINATE_BYTES ? bytes.length - COORDINATE_BYTES : 0;
        int length = bytes.length - start;
        System.arraycopy(bytes, start, into, offset + COORDINATE_BYTES - length, length);
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** base64url with or without padding, as browsers and tools write it; nothing else (no '+' or '/'). */
    static byte[] fromBase64Url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}

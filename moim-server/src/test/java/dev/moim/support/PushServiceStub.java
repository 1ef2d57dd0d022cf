package dev.moim.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A browser vendor's push service on 127.0.0.1, for tests: it takes Web Push requests as FCM or Mozilla's would,
 * checks the VAPID JWT (RFC 8292) against the key in {@code k=}, and decrypts the body (RFC 8291, aes128gcm) with
 * the subscription's private key and auth secret, which it made up the way a browser does ({@link #newDevice()}).
 * Everything it received is kept, checked or not, with what was wrong with it.
 *
 * <p>Written apart from the server's own code on purpose: a mistake made the same way on both sides would pass.
 */
public final class PushServiceStub implements AutoCloseable {

    private static final Pattern VAPID = Pattern.compile("vapid t=([A-Za-z0-9_.-]+), ?k=([A-Za-z0-9_-]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ECParameterSpec P256 = p256();

    private final HttpServer server;
    private final String expectedSubject;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Push>> received = new ConcurrentHashMap<>();
    private final BlockingQueue<Push> all = new LinkedBlockingQueue<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** A subscription as a browser holds it: the push service's endpoint and the keys only the browser knows. */
    public record Device(String endpoint, byte[] publicKey, byte[] privateKey, byte[] auth) {

        /** What {@code PushSubscription.toJSON()} gives, which the page posts to the server. */
        public Map<String, Object> subscription() {
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("p256dh", b64(publicKey));
            keys.put("auth", b64(auth));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", keys);
            return json;
        }
    }

    /**
     * One request as received. {@code problem} is null when it was a valid Web Push request whose JWT verified and
     * whose body decrypted; {@code json} is then the plaintext.
     */
    public record Push(String endpoint, Map<String, String> headers, String json, JsonNode jwtHeader,
                       JsonNode claims, String k, String problem) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private PushServiceStub(HttpServer server, String expectedSubject) {
        this.server = server;
        this.expectedSubject = expectedSubject;
    }

    /** Starts a push service whose JWTs must carry {@code sub} = {@code expectedSubject}. */
    public static PushServiceStub start(String expectedSubject) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            PushServiceStub stub = new PushServiceStub(server, expectedSubject);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The origin every endpoint of this service has, and so the {@code aud} its JWTs must name. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscription: a fresh endpoint, a P-256 key pair and a 16-byte auth secret. */
    public Device newDevice() {
        return register(origin() + "/push/" + UUID.randomUUID());
    }

    /** The same endpoint with new keys, as a browser has after it subscribed again. */
    public Device renewKeys(Device device) {
        return register(device.endpoint());
    }

    private Device register(String endpoint) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(P256);
            java.security.KeyPair pair = generator.generateKeyPair();
            byte[] auth = new byte[16];
            RANDOM.nextBytes(auth);
            Device device = new Device(endpoint, point((ECPublicKey) pair.getPublic()),
                    fixed(((ECPrivateKey) pair.getPrivate()).getS()), auth);
            devices.put(path(endpoint), device);
            return device;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, requests to this device's endpoint get {@code status} (e.g. 410: the user unsubscribed). */
    public void answer(Device device, int status) {
        answers.put(path(device.endpoint()), status);
    }

    /** Requests are taken but not answered until {@link #release()}, as from a push service that hangs. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** The next request to this device, or an AssertionError after {@code wait}. */
    public Push next(Device device, Duration wait) {
        try {
            Push push = queue(path(device.endpoint())).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (push == null) {
                throw new AssertionError("No push reached " + device.endpoint() + " within " + wait);
            }
            return push;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Requests to this device not yet taken with {@link #next}. */
    public int waiting(Device device) {
        return queue(path(device.endpoint())).size();
    }

    /** Every request received so far, to any endpoint. */
    public List<Push> all() {
        return new ArrayList<>(all);
    }

    /** Lets requests in progress get their answers first (for a second at most), as a real service would. */
    @Override
    public void close() {
        release();
        server.stop(1);
    }

    private BlockingQueue<Push> queue(String path) {
        return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    private static String path(String endpoint) {
        return java.net.URI.create(endpoint).getRawPath();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            Push push = check(exchange.getRequestMethod(), path, headers, body);
            queue(path).add(push);
            all.add(push);
            gate.await();
            int status = push.problem() != null ? 400 : answers.getOrDefault(path, 201);
            if (!devices.containsKey(path)) {
                status = 404;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Push check(String method, String path, Map<String, String> headers, byte[] body) {
        String endpoint = origin() + path;
        JsonNode jwtHeader = null;
        JsonNode claims = null;
        String k = null;
        try {
            if (!method.equals("POST")) {
                throw new IllegalArgumentException("method " + method);
            }
            if (!"aes128gcm".equals(headers.get("content-encoding"))) {
                throw new IllegalArgumentException("Content-Encoding " + headers.get("content-encoding"));
            }
            if (headers.get("ttl") == null || !headers.get("ttl").matches("\\d+")) {
                throw new IllegalArgumentException("TTL " + headers.get("ttl"));
            }
            Matcher vapid = VAPID.matcher(String.valueOf(headers.get("authorization")));
            if (!vapid.matches()) {
                throw new IllegalArgumentException("Authorization " + headers.get("authorization"));
            }
            String[] jwt = vapid.group(1).split("\\.");
            k = vapid.group(2);
            if (jwt.length != 3) {
                throw new IllegalArgumentException("a JWT has three parts");
            }
            jwtHeader = Json.MAPPER.readTree(unb64(jwt[0]));
            claims = Json.MAPPER.readTree(unb64(jwt[1]));
            if (!jwtHeader.path("alg").asString().equals("ES256") || !jwtHeader.path("typ").asString("JWT").equals("JWT")) {
                throw new IllegalArgumentException("JWT header " + jwtHeader);
            }
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initVerify(publicKey(unb64(k)));
            es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!es256.verify(unb64(jwt[2]))) {
                throw new IllegalArgumentException("the JWT's signature does not verify with k");
            }
            if (!claims.path("aud").asString().equals(origin())) {
                throw new IllegalArgumentException("aud " + claims.path("aud") + " is not " + origin());
            }
            long exp = claims.path("exp").asLong();
            long now = Instant.now().getEpochSecond();
            if (exp <= now || exp > now + Duration.ofHours(24).toSeconds()) {
                throw new IllegalArgumentException("exp " + exp + " is not within the next 24 hours");
            }
            if (!claims.path("sub").asString().equals(expectedSubject)) {
                throw new IllegalArgumentException("sub " + claims.path("sub"));
            }
            Device device = devices.get(path);
            if (device == null) {
                return new Push(endpoint, headers, null, jwtHeader, claims, k, null);
            }
            byte[] plaintext = decrypt(body, device.privateKey(), device.publicKey(), device.auth());
            return new Push(endpoint, headers, new String(plaintext, StandardCharsets.UTF_8), jwtHeader, claims, k, null);
        } catch (Exception e) {
            return new Push(endpoint, headers, null, jwtHeader, claims, k, e.toString());
        }
    }

    /**
     * What a browser does with a push body (RFC 8291 section 3.4, RFC 8188 section 2): it reads the salt and the
     * sender's key from the header, derives the content key and nonce, decrypts the one record and strips the
     * padding.
     */
    public static byte[] decrypt(byte[] body, byte[] uaPrivate, byte[] uaPublic, byte[] auth) {
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int recordSize = in.getInt();
            byte[] senderKey = new byte[in.get() & 0xff];
            in.get(senderKey);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            if (ciphertext.length > recordSize || ciphertext.length < 17) {
                throw new IllegalArgumentException("not one record: " + ciphertext.length + " bytes, rs " + recordSize);
            }
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(privateKey(uaPrivate));
            ecdh.doPhase(publicKey(senderKey), true);
            byte[] shared = ecdh.generateSecret();

            byte[] prkKey = hmac(auth, shared);
            byte[] ikm = hmac(prkKey, join("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, senderKey, new byte[] {1}));
            byte[] prk = hmac(salt, ikm);
            byte[] cek = Arrays.copyOf(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
            byte[] nonce = Arrays.copyOf(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);

            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] record = aes.doFinal(ciphertext);
            int end = record.length - 1;
            while (end >= 0 && record[end] == 0) {
                end--;
            }
            if (end < 0 || record[end] != 2) {
                throw new IllegalArgumentException("the last record does not end with the delimiter 0x02");
            }
            return Arrays.copyOf(record, end);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e, e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] join(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    private static PublicKey publicKey(byte[] point) throws GeneralSecurityException {
        if (point.length != 65 || point[0] != 4) {
            throw new IllegalArgumentException("not an uncompressed P-256 point");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
    }

    private static PrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
    }

    private static byte[] point(ECPublicKey key) {
        return join(new byte[] {4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - n, out, 32 - n, n);
        return out;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}

package dev.moim.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Moim in cluster mode as deployed: node processes of their own on one PostgreSQL (a database of its own on the
 * embedded server), one Redis (a redis-server of its own) and one S3-compatible store (a bucket of its own on the
 * test JVM's S3Proxy), sharing one signing key.
 */
public final class MoimCluster implements AutoCloseable {

    private final EmbeddedRedis redis;
    private final List<MoimServerProcess> nodes;

    private MoimCluster(EmbeddedRedis redis, List<MoimServerProcess> nodes) {
        this.redis = redis;
        this.nodes = nodes;
    }

    /** Starts {@code count} nodes with these extra {@code --name=value} arguments; returns once all are healthy. */
    public static MoimCluster start(int count, String... extraArguments) throws Exception {
        EmbeddedRedis redis = new EmbeddedRedis();
        String database = EmbeddedPostgresServer.newDatabase("cluster");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        EmbeddedS3 s3 = EmbeddedS3.shared();
        String bucket = s3.newBucket();
        Stream<String> files = s3.properties().stream()
                .map(p -> "--" + (p.startsWith("moim.files.s3.bucket=") ? "moim.files.s3.bucket=" + bucket : p));
        List<String> args = Stream.concat(Stream.concat(Stream.of("--spring.profiles.active=postgres,redis",
                "--spring.datasource.url=" + database, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.data.redis.url=" + redis.url(),
                "--moim.auth.jwt-secret=" + Base64.getEncoder().encodeToString(key),
                "--moim.auth.signups-per-ip.count=1000"), files), Stream.of(extraArguments)).toList();
        Path dataDirs = Files.createTempDirectory("moim-cluster");
        List<MoimServerProcess> nodes = new ArrayList<>();
        // The first node creates the schema; the others then start side by side.
        nodes.add(MoimServerProcess.start(dataDirs.resolve("node-0"), List.of("-Xmx256m"), args));
        List<CompletableFuture<MoimServerProcess>> others = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            Path dir = dataDirs.resolve("node-" + i);
            others.add(CompletableFuture.supplyAsync(() -> MoimServerProcess.start(dir, List.of("-Xmx256m"), args)));
        }
        for (CompletableFuture<MoimServerProcess> node : others) {
            nodes.add(node.get());
        }
        return new MoimCluster(redis, nodes);
    }

    public MoimServerProcess node(int i) {
        return nodes.get(i);
    }

    public Api api(int i) {
        return nodes.get(i).api();
    }

    public EmbeddedRedis redis() {
        return redis;
    }

    @Override
    public void close() {
        nodes.forEach(MoimServerProcess::close);
        redis.close();
    }
}

package dev.moim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A real OpenSearch node with the analysis-nori plugin, for the tests of the OpenSearch adapter: one per test JVM,
 * started on first use and shared by every test class, listening on 127.0.0.1 at a port of its own, with its data
 * under {@code target/opensearch-node}. It stops when the test JVM exits, however it exits (the node watches the
 * pipe to its parent).
 *
 * <p>The node runs in a child JVM on OpenSearch's own classpath (resolved by the build into
 * {@code target/opensearch-node/classpath.txt}, see {@code src/test/opensearch/pom.xml}), not on Moim's, whose Spring
 * Boot parent manages other versions of OpenSearch's libraries. Its main class, {@code src/test/opensearch/OpenSearchNode.java},
 * is compiled here against that classpath. Nothing is skipped: if the node cannot start, the tests fail.
 */
public final class EmbeddedOpenSearch {

    private static final Path HOME = Path.of("target", "opensearch-node").toAbsolutePath();
    private static final Path SOURCE = Path.of("src", "test", "opensearch", "OpenSearchNode.java").toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private static EmbeddedOpenSearch shared;

    private final Process process;
    private final int port;
    private final Duration startup;
    private final Path log;

    private EmbeddedOpenSearch(Process process, int port, Duration startup, Path log) {
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.log = log;
    }

    /** The node of this JVM, started the first time it is asked for. */
    public static synchronized EmbeddedOpenSearch shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** From launching the JVM to the node answering, compile of the main class included. */
    public Duration startup() {
        return startup;
    }

    private static EmbeddedOpenSearch start() {
        long began = System.nanoTime();
        try {
            String classpath = nodeClasspath();
            Path classes = compile(classpath);
            Path run = HOME.resolve("run-" + UUID.randomUUID());
            Files.createDirectories(run);
            Path portFile = run.resolve("http.port");
            Path log = HOME.resolve(run.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java binary")),
                    // Small and quick to start: one node for a few thousand test documents on a 2-core machine.
                    "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", classes + java.io.File.pathSeparator + classpath,
                    "OpenSearchNode", run.resolve("home").toString(), portFile.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, run), "embedded-opensearch-stop"));
            int port = awaitPort(process, portFile, log);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            System.out.printf("OpenSearch node up at http://127.0.0.1:%d in %.1f s (log: %s)%n", port, took.toMillis() / 1000.0, log);
            return new EmbeddedOpenSearch(process, port, took, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the OpenSearch node", e);
        }
    }

    private static String nodeClasspath() throws IOException {
        Path file = HOME.resolve("classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the build writes it in generate-test-resources "
                    + "(run the tests through Maven once, e.g. ./mvnw -pl moim-server test-compile)");
        }
        return Files.readString(file).strip();
    }

    /** Compiles the node's main class unless the class is newer than its source and the classpath. */
    private static Path compile(String classpath) throws IOException {
        Path classes = HOME.resolve("classes");
        Path compiled = classes.resolve("OpenSearchNode.class");
        if (Files.exists(compiled)
                && Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(SOURCE)) > 0
                && Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(HOME.resolve("classpath.txt"))) > 0) {
            return classes;
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("The test JVM has no Java compiler (run the tests on a JDK)");
        }
        int status = javac.run(null, null, null, "-proc:none", "-cp", classpath, "-d", classes.toString(), SOURCE.toString());
        if (status != 0) {
            throw new IllegalStateException("Could not compile " + SOURCE + " (javac exit " + status + ")");
        }
        return classes;
    }

    private static int awaitPort(Process process, Path portFile, Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The OpenSearch node exited with " + process.exitValue() + " while starting:\n" + tail(log));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("Interrupted while the OpenSearch node started", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The OpenSearch node was not up within " + STARTUP + ":\n" + tail(log));
    }

    /** Closing its standard input tells the node to close; it gets a few seconds, then it is killed. */
    private static void stop(Process process, Path run) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        deleteTree(run);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left for the next clean
        }
    }

    /** The node's own output, for a failure message. */
    public String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

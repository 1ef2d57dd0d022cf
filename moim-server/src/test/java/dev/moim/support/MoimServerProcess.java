package dev.moim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Moim server in a JVM of its own, started from the test classpath, so that a test can kill it the way an
 * operator's {@code kill -9} or a crash would: no shutdown hook, no graceful close of the database.
 */
public final class MoimServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private MoimServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code dev.moim.MoimApplication} on a free port with the given data directory and extra
     * {@code --name=value} arguments, and returns once its health endpoint answers UP.
     */
    public static MoimServerProcess start(Path dataDir, List<String> jvmOptions, List<String> args) {
        int port = freePort();
        try {
            Files.createDirectories(dataDir);
            Path log = Files.createTempFile(dataDir, "server-", ".log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java binary")));
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.moim.MoimApplication");
            command.add("--server.port=" + port);
            command.add("--server.address=127.0.0.1");
            command.add("--moim.data-dir=" + dataDir.toAbsolutePath());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Only the arguments decide what the server runs on, whatever the caller's environment holds.
            builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("MOIM_"));
            MoimServerProcess server = new MoimServerProcess(builder.start(), port, log);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    /** SIGKILL (on Linux, {@link Process#destroyForcibly()}): the server gets no chance to flush or close anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("The server did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The server's own output, for a failure message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The server exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pauseUnlessExited();
        }
        kill();
        throw new AssertionError("The server was not healthy within " + STARTUP + ":\n" + logTail());
    }

    /** Waits a poll interval between health checks, returning at once if the process exits. */
    private void pauseUnlessExited() {
        try {
            process.onExit().get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // poll again
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

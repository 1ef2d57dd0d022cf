package dev.moim.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Moim server the build just packaged, run as a process of its own on a port it picks itself (port 0); the
 * port is read from its start-up log. A copy of the jar is run, because a jar rebuilt under a running server
 * breaks it.
 */
final class MoimServerJar implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");

    private final Process process;
    private final int port;
    private final Deque<String> logTail;

    private MoimServerJar(Process process, int port, Deque<String> logTail) {
        this.process = process;
        this.port = port;
        this.logTail = logTail;
    }

    static MoimServerJar start(Path workDir, List<String> args) throws IOException {
        Path jar = workDir.resolve("moim.jar");
        Files.copy(builtJar(), jar);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=0", "--server.address=127.0.0.1",
                "--moim.data-dir=" + workDir.resolve("data")));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("MOIM_"));
        Process process = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Path log = workDir.resolve("server.log");
        Thread reader = Thread.ofPlatform().daemon().name("moim-server-log").start(() -> readLog(process, log, tail, port));
        process.onExit().thenRun(() -> port.completeExceptionally(new IllegalStateException("The server exited with " + process.exitValue())));
        try {
            return new MoimServerJar(process, port.get(120, TimeUnit.SECONDS), tail);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The server did not start: " + e.getMessage() + "\n" + String.join("\n", tail), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } finally {
            if (!process.isAlive()) {
                reader.interrupt();
            }
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String logTail() {
        synchronized (logTail) {
            return String.join("\n", logTail);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Keeps reading the server's output (so it never blocks on a full pipe), into a file and a short tail. */
    private static void readLog(Process process, Path log, Deque<String> tail, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(log)) {
            String line;
            while ((line = lines.readLine()) != null) {
                file.write(line);
                file.write('\n');
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 80) {
                        tail.removeFirst();
                    }
                }
                Matcher started = STARTED.matcher(line);
                if (!port.isDone() && started.find()) {
                    file.flush();
                    port.complete(Integer.parseInt(started.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
    }

    /** {@code MOIM_SERVER_JAR} if set, else the jar in ../moim-server/target (the build packs it before this module). */
    private static Path builtJar() {
        String configured = System.getenv("MOIM_SERVER_JAR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of("..", "moim-server", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("moim-server-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No server jar in " + target.toAbsolutePath() + ": build moim-server first"));
        } catch (IOException e) {
            throw new UncheckedIOException("No server jar in " + target.toAbsolutePath() + ": build moim-server first", e);
        }
    }
}

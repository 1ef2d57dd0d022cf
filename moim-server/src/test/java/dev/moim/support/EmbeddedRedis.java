package dev.moim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary bundled in embedded-redis) on a loopback port of its own, with nothing saved to
 * disk. It can be stopped and started again on the same port, as when Redis restarts under a running cluster.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    public EmbeddedRedis() {
        this.port = freePort();
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        try {
            server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server on port " + port, e);
        }
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop redis-server on port " + port, e);
        }
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
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

package dev.moim.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A STOMP client that subscribes and then stops reading, as a stalled phone or a hostile peer would. It speaks
 * WebSocket by hand over a plain socket whose receive buffer is tiny, so that the server's writes to it back up
 * after a few kilobytes instead of after the many megabytes a tuned client socket would swallow.
 */
public final class StalledClient implements AutoCloseable {

    /** How the connection ended once reading resumed: the frames still delivered, then a close or end of stream. */
    public record Ending(List<Frame> frames, boolean ended) {
    }

    /**
     * Fixed, so that the window is never auto-tuned upward, but well above one segment of the loopback interface
     * (MTU 65536). With a 4 KiB buffer the window stays below one segment, and once the server had closed the
     * stalled socket, what was still queued in the kernel for it reached the client a window at a time, about
     * 10 KB/s (seen with ss: rcv_space 3.7 KB, rcv_rtt 208 ms): resuming took minutes (SlowConsumerTest, 297 s).
     */
    private static final int RECEIVE_BUFFER = 256 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    /** Frames of a message read but not yet returned. */
    private final ArrayDeque<Frame> unread = new ArrayDeque<>();

    private StalledClient(int port) throws IOException {
        socket = new Socket();
        // Set before connecting so that the TCP window is negotiated small and never auto-tuned upward.
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) StompClient.WAIT.toMillis());
        socket.setSoTimeout((int) StompClient.WAIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        handshake(port);
    }

    /** Connects, subscribes to the destination and waits for the subscription's RECEIPT; then reads no more. */
    public static StalledClient subscribe(int port, String accessToken, String destination) {
        try {
            StalledClient client = new StalledClient(port);
            client.sendFrame("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer "
                    + accessToken + "\n\n\0");
            Frame connected = client.nextFrame();
            if (connected == null || !connected.command().equals("CONNECTED")) {
                throw new AssertionError("Expected CONNECTED, got " + connected);
            }
            client.sendFrame("SUBSCRIBE\nid:s1\ndestination:" + destination + "\nreceipt:sub\n\n\0");
            for (Frame frame = client.nextFrame(); ; frame = client.nextFrame()) {
                if (frame == null) {
                    throw new AssertionError("Closed before the subscription's RECEIPT");
                }
                if (frame.command().equals("RECEIPT")) {
                    return client;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Stalled client failed to subscribe", e);
        }
    }

    /**
     * Starts reading again and reads everything the server still delivers until the server ends the connection
     * (a close frame or end of stream), waiting at most {@code timeout} for each read.
     */
    public Ending resume(Duration timeout) {
        List<Frame> frames = new ArrayList<>();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            for (Frame frame = nextFrame(); frame != null; frame = nextFrame()) {
                frames.add(frame);
            }
            return new Ending(frames, true);
        } catch (SocketTimeoutException e) {
            return new Ending(frames, false);
        } catch (IOException e) {
            // A reset is an ending too: the server dropped the connection.
            return new Ending(frames, true);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void handshake(int port) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Handshake answered with end of stream: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("Handshake refused: " + head);
        }
    }

    /** One STOMP frame in one masked WebSocket text message, as every client must send. */
    private void sendFrame(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * The next STOMP frame (heart-beats skipped), or null once the server closed the connection. One WebSocket
     * message may carry several frames, each ended by NUL.
     */
    private Frame nextFrame() throws IOException {
        while (unread.isEmpty()) {
            String text = nextTextMessage();
            if (text == null) {
                return null;
            }
            for (String raw : text.split("\0")) {
                Frame frame = StompClient.parse(raw);
                if (frame != null) {
                    unread.add(frame);
                }
            }
        }
        return unread.poll();
    }

    /** The next whole text message, or null on a close frame or end of stream. */
    private String nextTextMessage() throws IOException {
        message.reset();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int opcode = first & 0x0F;
            boolean last = (first & 0x80) != 0;
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            if (opcode == 0x8) {
                return null;
            }
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                if (last) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
            // pings and pongs carry nothing for STOMP
        }
    }
}

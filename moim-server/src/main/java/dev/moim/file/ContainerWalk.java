package dev.moim.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What walking a photo's container from end to end found, before any pixel was decoded.
 *
 * @param width        the canvas as the container states it (a GIF's logical screen, grown to hold its first frame)
 * @param height       likewise
 * @param frames       frames counted so far (all of them when {@code damage} is null)
 * @param largestFrame the most pixels any one frame claims
 * @param damage       why the container is not whole (truncated, a bad checksum, a malformed block), or null
 * @param stripped     the bytes of the copy without metadata, as pieces of the original and bytes added; empty
 *                     when damaged
 */
record ContainerWalk(int width, int height, int frames, long largestFrame, String damage, List<Piece> stripped) {

    sealed interface Piece {
        int length();

        void writeTo(byte[] source, OutputStream out) throws IOException;
    }

    /** {@code length} bytes of the original from {@code offset}. */
    record Kept(int offset, int length) implements Piece {
        @Override
        public void writeTo(byte[] source, OutputStream out) throws IOException {
            out.write(source, offset, length);
        }
    }

    /** Bytes the original does not have at this place (a rewritten header, a minimal EXIF). */
    record Added(byte[] bytes) implements Piece {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void writeTo(byte[] source, OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /** Writes the stripped copy of {@code source} to {@code target}; returns its size. */
    long writeStripped(byte[] source, Path target) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
            for (Piece piece : stripped) {
                piece.writeTo(source, out);
            }
        }
        return Files.size(target);
    }
}

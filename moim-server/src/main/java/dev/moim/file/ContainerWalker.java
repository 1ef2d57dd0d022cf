package dev.moim.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks one photo container from its first byte to its end marker, checking that every block is whole and deciding
 * block by block what the stripped copy keeps. One subclass per format; each walker is used once.
 *
 * <p>Reading past the end of the bytes is how a truncated file shows itself, so every read is bounds-checked and
 * ends the walk as {@link Damaged} rather than throwing an index exception.
 */
abstract sealed class ContainerWalker permits JpegWalker, PngWalker, GifWalker, WebpWalker {

    protected final byte[] bytes;
    protected final int length;
    protected final List<ContainerWalk.Piece> pieces = new ArrayList<>();
    protected int width;
    protected int height;
    protected int frames;
    protected long largestFrame;

    protected ContainerWalker(byte[] bytes) {
        this.bytes = bytes;
        this.length = bytes.length;
    }

    /** The walker for {@code photoType}; {@code orientation} is the JPEG's EXIF orientation to keep (1 for none). */
    static ContainerWalk walk(String photoType, byte[] bytes, int orientation) {
        ContainerWalker walker = switch (photoType) {
            case FileTypes.JPEG -> new JpegWalker(bytes, orientation);
            case FileTypes.PNG -> new PngWalker(bytes);
            case FileTypes.GIF -> new GifWalker(bytes);
            case FileTypes.WEBP -> new WebpWalker(bytes);
            default -> throw new IllegalArgumentException(photoType);
        };
        return walker.walk();
    }

    private ContainerWalk walk() {
        try {
            walkAll();
            if (frames < 1) {
                throw new Damaged("it holds no image");
            }
            return new ContainerWalk(width, height, frames, largestFrame, null, List.copyOf(pieces));
        } catch (Damaged e) {
            return new ContainerWalk(width, height, frames, largestFrame, e.getMessage(), List.of());
        }
    }

    protected abstract void walkAll() throws Damaged;

    protected final void frame(long frameWidth, long frameHeight) {
        frames++;
        largestFrame = Math.max(largestFrame, frameWidth * frameHeight);
    }

    /** Keeps bytes [from, to) of the original, joined to the piece before when they follow on. */
    protected final void keep(long from, long to) {
        if (to <= from) {
            return;
        }
        if (!pieces.isEmpty() && pieces.getLast() instanceof ContainerWalk.Kept last
                && last.offset() + last.length() == from) {
            pieces.set(pieces.size() - 1, new ContainerWalk.Kept(last.offset(), (int) (to - last.offset())));
        } else {
            pieces.add(new ContainerWalk.Kept((int) from, (int) (to - from)));
        }
    }

    protected final void add(byte[] added) {
        pieces.add(new ContainerWalk.Added(added));
    }

    /** Requires [at, at + count) to lie inside the file. */
    protected final void need(long at, long count, String what) throws Damaged {
        if (at < 0 || count < 0 || at + count > length) {
            throw new Damaged("it ends inside " + what);
        }
    }

    protected final int u8(long at) throws Damaged {
        need(at, 1, "a block");
        return bytes[(int) at] & 0xFF;
    }

    protected final int u16be(long at) throws Damaged {
        return u8(at) << 8 | u8(at + 1);
    }

    protected final long u32be(long at) throws Damaged {
        return (long) u16be(at) << 16 | u16be(at + 2);
    }

    protected final int u16le(long at) throws Damaged {
        return u8(at) | u8(at + 1) << 8;
    }

    protected final int u24le(long at) throws Damaged {
        return u16le(at) | u8(at + 2) << 16;
    }

    protected final long u32le(long at) throws Damaged {
        return u16le(at) | (long) u16le(at + 2) << 16;
    }

    /** Whether the bytes at {@code at} are {@code ascii}. */
    protected final boolean startsWith(long at, String ascii) {
        if (at < 0 || at + ascii.length() > length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[(int) at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The container is not whole; the message says how, for the log (users get one plain sentence). */
    static final class Damaged extends Exception {
        Damaged(String message) {
            super(message, null, false, false);
        }
    }
}

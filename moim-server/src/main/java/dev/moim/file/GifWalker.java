package dev.moim.file;

/**
 * A GIF, block by block from the header to the trailer (0x3B): image descriptors with their LZW data, and
 * extensions, each a chain of sub-blocks.
 *
 * <p>The copy drops comment extensions and application extensions other than the looping ones (NETSCAPE2.0,
 * ANIMEXTS1.0), which is where XMP and other metadata ride; frames, their timing and palettes are kept, so an
 * animation still animates.
 */
final class GifWalker extends ContainerWalker {

    private static final int IMAGE = 0x2C;
    private static final int EXTENSION = 0x21;
    private static final int TRAILER = 0x3B;
    private static final int COMMENT = 0xFE;
    private static final int APPLICATION = 0xFF;

    GifWalker(byte[] bytes) {
        super(bytes);
    }

    @Override
    protected void walkAll() throws Damaged {
        if (!startsWith(0, "GIF87a") && !startsWith(0, "GIF89a")) {
            throw new Damaged("it does not start with a GIF header");
        }
        width = u16le(6);
        height = u16le(8);
        long p = 13 + colourTableSize(u8(10));
        need(0, p, "the header");
        keep(0, p);
        while (true) {
            int block = u8(p);
            if (block == TRAILER) {
                keep(p, p + 1);
                return; // anything after the trailer is left out
            }
            if (block == IMAGE) {
                need(p, 10, "an image descriptor");
                int left = u16le(p + 1);
                int top = u16le(p + 3);
                int frameWidth = u16le(p + 5);
                int frameHeight = u16le(p + 7);
                if (frames == 0) {
                    // Browsers grow a logical screen too small for the first frame to hold it.
                    width = Math.max(width, left + frameWidth);
                    height = Math.max(height, top + frameHeight);
                }
                frame(frameWidth, frameHeight);
                long data = p + 10 + colourTableSize(u8(p + 9));
                int codeSize = u8(data);
                if (codeSize < 2 || codeSize > 11) {
                    throw new Damaged("an image with an impossible LZW code size");
                }
                long end = subBlocksEnd(data + 1);
                keep(p, end);
                p = end;
            } else if (block == EXTENSION) {
                int label = u8(p + 1);
                long end = subBlocksEnd(p + 2);
                if (keepsExtension(label, p + 2)) {
                    keep(p, end);
                }
                p = end;
            } else {
                throw new Damaged("a block that is neither an image, an extension nor the trailer");
            }
        }
    }

    private boolean keepsExtension(int label, long firstSubBlock) throws Damaged {
        if (label == COMMENT) {
            return false;
        }
        if (label == APPLICATION) {
            return u8(firstSubBlock) == 11
                    && (startsWith(firstSubBlock + 1, "NETSCAPE2.0") || startsWith(firstSubBlock + 1, "ANIMEXTS1.0"));
        }
        return true; // graphic control (timing, transparency) and plain text
    }

    /** Colour table bytes announced by a packed-fields byte (global or local: same layout). */
    private static long colourTableSize(int packed) {
        return (packed & 0x80) == 0 ? 0 : 3L << ((packed & 0x07) + 1);
    }

    /** The end of a chain of sub-blocks starting at {@code p}, after its zero-length terminator. */
    private long subBlocksEnd(long p) throws Damaged {
        while (true) {
            int size = u8(p);
            p += 1 + size;
            if (size == 0) {
                return p;
            }
            need(p - size, size, "a data block");
        }
    }
}

package dev.moim.file;

/**
 * A WebP: a RIFF file whose stated size must be the file's, and whose chunks must fill it exactly. Simple files hold
 * one VP8 (lossy) or VP8L (lossless) chunk; extended ones start with VP8X and may hold an animation (ANIM, then
 * one ANMF chunk per frame), ICCP, ALPH, EXIF and XMP.
 *
 * <p>The copy drops EXIF and XMP and clears their flags in VP8X; the RIFF size is rewritten to match.
 */
final class WebpWalker extends ContainerWalker {

    private static final int EXIF_FLAG = 0x08;
    private static final int XMP_FLAG = 0x04;
    private static final int ANIMATION_FLAG = 0x02;

    WebpWalker(byte[] bytes) {
        super(bytes);
    }

    @Override
    protected void walkAll() throws Damaged {
        if (!startsWith(0, "RIFF") || !startsWith(8, "WEBP")) {
            throw new Damaged("it does not start with a RIFF WEBP header");
        }
        if (u32le(4) + 8 != length) {
            throw new Damaged("its RIFF size is not the file's size");
        }
        add(new byte[12]); // the RIFF header, written once the copy's size is known
        long p = 12;
        boolean extended = false;
        boolean animated = false;
        boolean stillImage = false;
        while (p < length) {
            need(p, 8, "a chunk header");
            long size = u32le(p + 4);
            long end = p + 8 + size + (size & 1);
            need(p, end - p, "a chunk");
            long data = p + 8;
            if (startsWith(p, "VP8X")) {
                if (p != 12 || size < 10) {
                    throw new Damaged("a misplaced or short VP8X chunk");
                }
                extended = true;
                int flags = u8(data);
                animated = (flags & ANIMATION_FLAG) != 0;
                width = u24le(data + 4) + 1;
                height = u24le(data + 7) + 1;
                byte[] header = new byte[(int) (end - p)];
                System.arraycopy(bytes, (int) p, header, 0, header.length);
                header[8] = (byte) (flags & ~(EXIF_FLAG | XMP_FLAG));
                add(header);
            } else {
                if (startsWith(p, "VP8 ")) {
                    readLossyFrame(data, size);
                    stillImage = true;
                } else if (startsWith(p, "VP8L")) {
                    readLosslessFrame(data, size);
                    stillImage = true;
                } else if (startsWith(p, "ANMF")) {
                    readAnimationFrame(data, size);
                }
                if (!startsWith(p, "EXIF") && !startsWith(p, "XMP ")) {
                    keep(p, end);
                }
            }
            p = end;
        }
        if (animated ? frames == 0 : !stillImage) {
            throw new Damaged("it holds no image data");
        }
        if (!animated) {
            frames = 1;
        } else if (!extended) {
            throw new Damaged("animation frames without a VP8X header");
        }
        long copySize = 0;
        for (ContainerWalk.Piece piece : pieces) {
            copySize += piece.length();
        }
        long riffSize = copySize - 8;
        byte[] riff = {'R', 'I', 'F', 'F', (byte) riffSize, (byte) (riffSize >> 8), (byte) (riffSize >> 16),
                (byte) (riffSize >> 24), 'W', 'E', 'B', 'P'};
        pieces.set(0, new ContainerWalk.Added(riff));
    }

    private void readLossyFrame(long data, long size) throws Damaged {
        if (size < 10 || u8(data + 3) != 0x9D || u8(data + 4) != 0x01 || u8(data + 5) != 0x2A) {
            throw new Damaged("a VP8 chunk without a key frame");
        }
        stillFrame(u16le(data + 6) & 0x3FFF, u16le(data + 8) & 0x3FFF);
    }

    private void readLosslessFrame(long data, long size) throws Damaged {
        if (size < 5 || u8(data) != 0x2F) {
            throw new Damaged("a VP8L chunk without its signature");
        }
        long bits = u32le(data + 1);
        stillFrame((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }

    /** A simple file's canvas is its one frame; an extended file's canvas came from VP8X. */
    private void stillFrame(long frameWidth, long frameHeight) {
        if (width == 0) {
            width = (int) frameWidth;
            height = (int) frameHeight;
        }
        largestFrame = Math.max(largestFrame, frameWidth * frameHeight);
    }

    /** An ANMF payload: a 16-byte frame header, then sub-chunks (ALPH, VP8, VP8L) that must fill it exactly. */
    private void readAnimationFrame(long data, long size) throws Damaged {
        if (size < 16) {
            throw new Damaged("a short ANMF chunk");
        }
        frame(u24le(data + 6) + 1L, u24le(data + 9) + 1L);
        long p = data + 16;
        long end = data + size;
        boolean image = false;
        while (p < end) {
            need(p, 8, "a frame's chunk header");
            long subSize = u32le(p + 4);
            long subEnd = p + 8 + subSize + (subSize & 1);
            if (subEnd > end) {
                throw new Damaged("a frame's chunk runs past its frame");
            }
            image |= startsWith(p, "VP8 ") || startsWith(p, "VP8L");
            p = subEnd;
        }
        if (!image) {
            throw new Damaged("an animation frame without image data");
        }
    }
}

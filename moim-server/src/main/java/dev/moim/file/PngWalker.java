package dev.moim.file;

import java.util.Set;
import java.util.zip.CRC32;

/**
 * A PNG (APNG included), chunk by chunk from the signature to IEND, every chunk's CRC checked.
 *
 * <p>The copy keeps the chunks that make the picture and its colours, and the APNG animation chunks; text (tEXt,
 * zTXt, iTXt, where editors put authors, software and sometimes locations), eXIf, tIME and anything unknown go.
 */
final class PngWalker extends ContainerWalker {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> KEPT = Set.of(
            "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD",
            "acTL", "fcTL", "fdAT");

    PngWalker(byte[] bytes) {
        super(bytes);
    }

    @Override
    protected void walkAll() throws Damaged {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (u8(i) != (SIGNATURE[i] & 0xFF)) {
                throw new Damaged("it does not start with the PNG signature");
            }
        }
        keep(0, SIGNATURE.length);
        long p = SIGNATURE.length;
        long announcedFrames = 0;
        int frameControls = 0;
        boolean imageData = false;
        while (true) {
            if (p >= length) {
                throw new Damaged("it ends before IEND");
            }
            long size = u32be(p);
            if (size > Integer.MAX_VALUE) {
                throw new Damaged("a chunk with an impossible length");
            }
            need(p, 12 + size, "a chunk");
            String type = chunkType(p + 4);
            long data = p + 8;
            long end = data + size + 4;
            CRC32 crc = new CRC32();
            crc.update(bytes, (int) p + 4, (int) size + 4);
            if (crc.getValue() != u32be(data + size)) {
                throw new Damaged("the checksum of a " + type + " chunk is wrong");
            }
            if (p == SIGNATURE.length) {
                if (!type.equals("IHDR") || size != 13) {
                    throw new Damaged("it does not start with IHDR");
                }
                width = (int) Math.min(u32be(data), Integer.MAX_VALUE);
                height = (int) Math.min(u32be(data + 4), Integer.MAX_VALUE);
            }
            switch (type) {
                case "IDAT" -> imageData = true;
                case "acTL" -> announcedFrames = size >= 8 ? u32be(data) : 0;
                case "fcTL" -> {
                    frameControls++;
                    if (size >= 12) {
                        largestFrame = Math.max(largestFrame, u32be(data + 4) * u32be(data + 8));
                    }
                }
                default -> {
                }
            }
            // A decoder shows as many frames as it finds; trust neither acTL nor the fcTL count alone.
            frames = (int) Math.min(Integer.MAX_VALUE, Math.max(announcedFrames, frameControls));
            if (KEPT.contains(type)) {
                keep(p, end);
            }
            p = end;
            if (type.equals("IEND")) {
                break; // whatever follows IEND is not part of the picture and is left out
            }
        }
        if (!imageData) {
            throw new Damaged("it has no image data");
        }
        frames = Math.max(1, frames);
        largestFrame = Math.max(largestFrame, (long) width * height);
    }

    private String chunkType(long at) throws Damaged {
        char[] type = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = u8(at + i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw new Damaged("a chunk type that is not four letters");
            }
            type[i] = (char) c;
        }
        return new String(type);
    }
}

package dev.moim.file;

/**
 * A JPEG, segment by segment from SOI through every scan's entropy-coded data to EOI.
 *
 * <p>The copy keeps what decoding and colour need (tables, frame and scan headers, APP0 JFIF, APP2 ICC profile,
 * APP14 Adobe, which says how to read the colours) and drops the rest: APP1 (EXIF with GPS and camera, XMP), APP13
 * (IPTC), every other APPn, comments, and anything after EOI (a phone's appended motion-photo video, or the extra
 * images an MPF file carries). When the photo is to be turned on display, a minimal EXIF holding only the
 * orientation is written back so browsers still show it upright.
 */
final class JpegWalker extends ContainerWalker {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int COM = 0xFE;

    private final int orientation;

    JpegWalker(byte[] bytes, int orientation) {
        super(bytes);
        this.orientation = orientation;
    }

    @Override
    protected void walkAll() throws Damaged {
        if (u8(0) != 0xFF || u8(1) != SOI) {
            throw new Damaged("it does not start with SOI");
        }
        keep(0, 2);
        int orientationAt = pieces.size();
        boolean first = true;
        boolean frameSeen = false;
        boolean scanSeen = false;
        long p = 2;
        while (true) {
            if (p >= length) {
                throw new Damaged("it ends before its end-of-image marker");
            }
            if (u8(p) != 0xFF) {
                throw new Damaged("a byte between segments is not a marker");
            }
            long start = p;
            while (u8(p) == 0xFF) {
                p++; // fill bytes before a marker
            }
            int marker = u8(p++);
            if (marker == EOI) {
                if (!scanSeen) {
                    throw new Damaged("it ends before any scan");
                }
                keep(p - 2, p);
                break;
            }
            if (marker == 0x00 || marker == SOI) {
                throw new Damaged("an unexpected marker");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                keep(p - 2, p); // TEM and restart markers stand alone
                continue;
            }
            int size = u16be(p);
            if (size < 2) {
                throw new Damaged("a segment with an impossible length");
            }
            long end = p + size;
            need(p, size, "a segment");
            if (isFrameHeader(marker)) {
                height = u16be(p + 3);
                width = u16be(p + 5);
                if (!frameSeen) {
                    frame(width, height);
                }
                frameSeen = true;
            }
            if (keeps(marker, p + 2, end)) {
                keep(start, end);
                if (first && marker == APP0) {
                    orientationAt = pieces.size(); // after JFIF, which wants to come first
                }
            }
            first = false;
            p = end;
            if (marker == SOS) {
                if (!frameSeen) {
                    throw new Damaged("a scan before the frame header");
                }
                long dataEnd = entropyCodedEnd(p);
                keep(p, dataEnd);
                p = dataEnd;
                scanSeen = true;
            }
        }
        if (orientation > 1 && orientation <= 8) {
            pieces.add(orientationAt, new ContainerWalk.Added(orientationExif(orientation)));
        }
    }

    /** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private boolean keeps(int marker, long data, long end) {
        if (marker == APP0) {
            return startsWith(data, "JFIF\0") && end - data >= 5;
        }
        if (marker == APP2) {
            return startsWith(data, "ICC_PROFILE\0");
        }
        if (marker == APP14) {
            return startsWith(data, "Adobe");
        }
        return !(marker > APP0 && marker <= 0xEF) && marker != COM;
    }

    /** Where the scan's entropy-coded data ends: at the first marker that is neither a stuffed 0 nor a restart. */
    private long entropyCodedEnd(long p) throws Damaged {
        while (true) {
            if (p >= length) {
                throw new Damaged("it ends inside a scan");
            }
            if ((bytes[(int) p] & 0xFF) != 0xFF) {
                p++;
                continue;
            }
            int next = u8(p + 1);
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                p += 2;
            } else if (next == 0xFF) {
                p++;
            } else {
                return p;
            }
        }
    }

    /** An APP1 segment with EXIF holding one tag, Orientation, in a big-endian TIFF structure. */
    static byte[] orientationExif(int orientation) {
        return new byte[]{
                (byte) 0xFF, (byte) 0xE1, 0, 34,            // APP1, length 34
                'E', 'x', 'i', 'f', 0, 0,
                'M', 'M', 0, 42, 0, 0, 0, 8,                // TIFF header, IFD0 at 8
                0, 1,                                       // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
                0, 0, 0, 0                                  // no next IFD
        };
    }
}

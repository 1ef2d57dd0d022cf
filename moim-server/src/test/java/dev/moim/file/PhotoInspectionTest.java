package dev.moim.file;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.moim.file.TestImages.ascii;
import static dev.moim.file.TestImages.contains;
import static org.assertj.core.api.Assertions.assertThat;

/** Photos are stripped of their metadata without being re-encoded, and get an upright thumbnail. */
class PhotoInspectionTest {

    @TempDir
    Path dir;
    Path work;
    final UploadInspector inspector = new UploadInspector(UploadInspectorTest.LIMITS, 2, Duration.ofSeconds(10));

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createDirectory(dir.resolve("work"));
    }

    Inspection inspect(byte[] bytes, String name) throws IOException {
        Path upload = Files.write(Files.createTempFile(dir, "upload-", ".bin"), bytes);
        Inspection inspection = inspector.inspect(upload, name, null, work);
        assertThat(inspection.kind()).isEqualTo(AttachmentKind.IMAGE);
        assertThat(inspection.content()).startsWith(work).isNotEqualTo(upload);
        assertThat(inspection.size()).isEqualTo(Files.size(inspection.content()));
        assertThat(inspection.name()).isEqualTo(name);
        Thumbnail thumbnail = inspection.thumbnail();
        assertThat(thumbnail.path()).startsWith(work);
        assertThat(thumbnail.size()).isEqualTo(Files.size(thumbnail.path()));
        BufferedImage drawn = TestImages.decode(Files.readAllBytes(thumbnail.path()));
        assertThat(drawn.getWidth()).isEqualTo(thumbnail.width());
        assertThat(drawn.getHeight()).isEqualTo(thumbnail.height());
        return inspection;
    }

    static Metadata metadata(byte[] bytes) throws IOException {
        try {
            return ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
        } catch (ImageProcessingException e) {
            throw new IOException(e);
        }
    }

    static boolean near(int argb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((argb >> shift & 0xFF) - (expected >> shift & 0xFF)) > 40) {
                return false;
            }
        }
        return true;
    }

    // JPEG

    @Test
    void stripsExifGpsXmpIptcAndCommentsFromAJpegAndKeepsOnlyItsOrientation() throws IOException {
        byte[] plain = TestImages.jpeg(300, 200);
        byte[] jpeg = TestImages.withSegments(plain,
                TestImages.exifSegment(6, "Secret Camera"),
                TestImages.segment(0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 37.5</x:xmpmeta>")),
                TestImages.segment(0xED, ascii("Photoshop 3.0\08BIM\u0004\u0004\0\0\0\0\0\u0008\u001C\u0002\u0078\0\u0004Seoul")),
                TestImages.segment(0xE2, ascii("ICC_PROFILE\0\u0001\u0001not really a profile")),
                TestImages.segment(0xEC, ascii("Ducky\0quality")),
                TestImages.segment(0xFE, ascii("Taken at home, 12 Secret Street")));
        Metadata before = metadata(jpeg);
        assertThat(before.getFirstDirectoryOfType(GpsDirectory.class)).isNotNull(); // the test input is what we think

        Inspection inspection = inspect(jpeg, "IMG_1234.JPG");
        byte[] stripped = Files.readAllBytes(inspection.content());
        Metadata after = metadata(stripped);
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        ExifIFD0Directory ifd0 = after.getFirstDirectoryOfType(ExifIFD0Directory.class);
        assertThat(ifd0).isNotNull();
        assertThat(ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        assertThat(ifd0.getTagCount()).isEqualTo(1);
        for (String gone : new String[]{"Secret Camera", "ns.adobe.com/xap", "Photoshop 3.0", "Seoul", "Ducky",
                "Secret Street", "GPS"}) {
            assertThat(contains(stripped, gone)).as(gone).isFalse();
        }
        assertThat(contains(stripped, "ICC_PROFILE")).isTrue();
        assertThat(contains(stripped, "JFIF")).isTrue();

        // Not re-encoded: the scan is byte for byte the original's (everything from the first DQT on).
        int tables = indexOf(plain, new byte[]{(byte) 0xFF, (byte) 0xDB});
        byte[] scan = Arrays.copyOfRange(plain, tables, plain.length);
        assertThat(Arrays.copyOfRange(stripped, stripped.length - scan.length, stripped.length)).isEqualTo(scan);
        assertThat(TestImages.pixels(TestImages.decode(stripped))).isEqualTo(TestImages.pixels(TestImages.decode(plain)));

        // Orientation 6 turns the 300×200 stored picture a quarter clockwise: shown 200×300.
        assertThat(inspection.width()).isEqualTo(200);
        assertThat(inspection.height()).isEqualTo(300);
        assertThat(inspection.frames()).isEqualTo(1);
        assertThat(inspection.contentType()).isEqualTo("image/jpeg");
        Thumbnail thumbnail = inspection.thumbnail();
        assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
        assertThat(thumbnail.width()).isEqualTo(200);
        assertThat(thumbnail.height()).isEqualTo(300);
        // Stored red top-left ends up top-right, blue bottom-left ends up top-left.
        BufferedImage drawn = TestImages.decode(Files.readAllBytes(thumbnail.path()));
        assertThat(near(drawn.getRGB(190, 10), TestImages.RED)).isTrue();
        assertThat(near(drawn.getRGB(10, 10), TestImages.BLUE)).isTrue();
        assertThat(near(drawn.getRGB(10, 290), TestImages.WHITE)).isTrue();
        assertThat(near(drawn.getRGB(190, 290), TestImages.GREEN)).isTrue();
    }

    @Test
    void writesNoExifAtAllForAnUprightJpeg() throws IOException {
        byte[] jpeg = TestImages.withSegments(TestImages.jpeg(120, 80), TestImages.exifSegment(1, "Secret Camera"));
        Inspection inspection = inspect(jpeg, "upright.jpg");
        byte[] stripped = Files.readAllBytes(inspection.content());
        assertThat(contains(stripped, "Exif")).isFalse();
        assertThat(metadata(stripped).getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
        assertThat(inspection.width()).isEqualTo(120);
        assertThat(inspection.height()).isEqualTo(80);
    }

    @Test
    void dropsWhateverFollowsAJpegsEndMarker() throws IOException {
        byte[] plain = TestImages.jpeg(64, 48);
        byte[] withVideo = TestImages.concat(plain, ascii("....ftypmp42 a motion photo's video, with its own GPS"));
        byte[] stripped = Files.readAllBytes(inspect(withVideo, "motion.jpg").content());
        assertThat(stripped).isEqualTo(plain); // ImageIO's JPEG has only JFIF besides the picture
    }

    @Test
    void fitsThumbnailsInto480WithoutEnlarging() throws IOException {
        Thumbnail wide = inspect(TestImages.jpeg(1200, 600), "wide.jpg").thumbnail();
        assertThat(wide.width()).isEqualTo(480);
        assertThat(wide.height()).isEqualTo(240);
        Thumbnail tall = inspect(TestImages.encode(TestImages.quadrants(300, 900, false), "png"), "tall.png")
                .thumbnail();
        assertThat(tall.width()).isEqualTo(160);
        assertThat(tall.height()).isEqualTo(480);
        assertThat(tall.contentType()).isEqualTo("image/jpeg"); // opaque PNG: a JPEG thumbnail is smaller
        Thumbnail small = inspect(TestImages.jpeg(100, 50), "small.jpg").thumbnail();
        assertThat(small.width()).isEqualTo(100);
        assertThat(small.height()).isEqualTo(50);
        // A photo bigger than a decode is allowed to be: decoded subsampled, still a 480 thumbnail.
        Inspection big = inspect(TestImages.jpeg(3000, 2000), "big.jpg");
        assertThat(big.width()).isEqualTo(3000);
        assertThat(big.thumbnail().width()).isEqualTo(480);
        assertThat(big.thumbnail().height()).isEqualTo(320);
        BufferedImage drawn = TestImages.decode(Files.readAllBytes(big.thumbnail().path()));
        assertThat(near(drawn.getRGB(10, 10), TestImages.RED)).isTrue();
        assertThat(near(drawn.getRGB(470, 310), TestImages.WHITE)).isTrue();
    }

    // PNG

    @Test
    void stripsTextTimeAndExifChunksFromAPngAndKeepsItsPixels() throws IOException {
        byte[] plain = TestImages.encode(TestImages.quadrants(64, 40, true), "png");
        byte[] png = TestImages.withChunksAfterHeader(plain,
                TestImages.pngChunk("tEXt", ascii("Author\0Kim Secret")),
                TestImages.pngChunk("iTXt", ascii("Location\0\0\0\0\0Seoul")),
                TestImages.pngChunk("tIME", new byte[]{0x07, (byte) 0xE9, 1, 2, 3, 4, 5}),
                TestImages.pngChunk("eXIf", Arrays.copyOfRange(TestImages.exifSegment(6, "Secret Camera"), 10,
                        TestImages.exifSegment(6, "Secret Camera").length)),
                TestImages.pngChunk("gAMA", new byte[]{0, 0, (byte) 0xB1, (byte) 0x8F}),
                TestImages.pngChunk("prVt", ascii("a private chunk")));
        assertThat(TestImages.pngChunkTypes(png)).contains("tEXt", "iTXt", "tIME", "eXIf");

        Inspection inspection = inspect(png, "drawing.png");
        byte[] stripped = Files.readAllBytes(inspection.content());
        assertThat(TestImages.pngChunkTypes(stripped)).containsExactly("IHDR", "gAMA", "IDAT", "IEND");
        assertThat(contains(stripped, "Secret")).isFalse();
        assertThat(TestImages.pixels(TestImages.decode(stripped))).isEqualTo(TestImages.pixels(TestImages.decode(plain)));
        // The eXIf chunk's orientation is dropped with it: shown as stored.
        assertThat(inspection.width()).isEqualTo(64);
        assertThat(inspection.height()).isEqualTo(40);
        assertThat(inspection.contentType()).isEqualTo("image/png");
        assertThat(inspection.thumbnail().contentType()).isEqualTo("image/png"); // it has a transparent corner
        BufferedImage drawn = TestImages.decode(Files.readAllBytes(inspection.thumbnail().path()));
        assertThat(drawn.getRGB(60, 36) >>> 24).isZero();
        assertThat(drawn.getRGB(2, 2)).isEqualTo(TestImages.RED);
    }

    @Test
    void keepsAnApngsAnimationChunksAndCountsItsFrames() throws IOException {
        byte[] plain = TestImages.encode(TestImages.quadrants(16, 16, false), "png");
        // acTL announcing 2 frames, fcTL for the default image, then the second frame as fcTL + fdAT.
        byte[] actl = ByteBuffer.allocate(8).putInt(2).putInt(0).array();
        byte[] fctl0 = frameControl(0);
        byte[] fctl1 = frameControl(1);
        int idatStart = new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("IDAT") - 4;
        int idatLength = ByteBuffer.wrap(plain).getInt(idatStart);
        byte[] idatData = Arrays.copyOfRange(plain, idatStart + 8, idatStart + 8 + idatLength);
        byte[] fdat = TestImages.concat(ByteBuffer.allocate(4).putInt(2).array(), idatData);
        byte[] apng = TestImages.concat(
                Arrays.copyOfRange(plain, 0, 33),
                TestImages.pngChunk("acTL", actl),
                TestImages.pngChunk("fcTL", fctl0),
                Arrays.copyOfRange(plain, 33, idatStart + 12 + idatLength),
                TestImages.pngChunk("fcTL", fctl1),
                TestImages.pngChunk("fdAT", fdat),
                TestImages.pngChunk("tEXt", ascii("Comment\0secret")),
                TestImages.pngChunk("IEND", new byte[0]));

        Inspection inspection = inspect(apng, "moving.png");
        assertThat(inspection.frames()).isEqualTo(2);
        assertThat(TestImages.pngChunkTypes(Files.readAllBytes(inspection.content())))
                .containsExactly("IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "IEND");
    }

    private static byte[] frameControl(int sequence) {
        return ByteBuffer.allocate(26).putInt(sequence).putInt(16).putInt(16).putInt(0).putInt(0)
                .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array();
    }

    // GIF

    @Test
    void keepsEveryFrameOfAnAnimatedGifAndDropsItsCommentAndXmp() throws IOException {
        byte[] gif = TestImages.animatedGif(60, 40, 3, "Made by Kim at 12 Secret Street",
                "<x:xmpmeta>GPSLatitude 37.5</x:xmpmeta>");
        assertThat(contains(gif, "Secret Street")).isTrue();
        assertThat(contains(gif, "XMP DataXMP")).isTrue();
        assertThat(TestImages.frameCount(gif)).isEqualTo(3);

        Inspection inspection = inspect(gif, "dance.gif");
        byte[] stripped = Files.readAllBytes(inspection.content());
        assertThat(inspection.frames()).isEqualTo(3);
        assertThat(TestImages.frameCount(stripped)).isEqualTo(3);
        assertThat(contains(stripped, "Secret Street")).isFalse();
        assertThat(contains(stripped, "XMP DataXMP")).isFalse();
        assertThat(contains(stripped, "GPSLatitude")).isFalse();
        assertThat(contains(stripped, "NETSCAPE2.0")).isTrue(); // still loops
        assertThat(stripped.length).isLessThan(gif.length);
        assertThat(inspection.width()).isEqualTo(60);
        assertThat(inspection.height()).isEqualTo(40);
        assertThat(inspection.contentType()).isEqualTo("image/gif");
        BufferedImage first = TestImages.decode(Files.readAllBytes(inspection.thumbnail().path()));
        assertThat(first.getWidth()).isEqualTo(60);
        assertThat(near(first.getRGB(30, 20), TestImages.RED)).isTrue();
    }

    // WebP

    @Test
    void takesALosslessWebpWithAlpha() throws IOException {
        byte[] webp = TestImages.base64(TestImages.WEBP_LOSSLESS);
        Inspection inspection = inspect(webp, "sticker.webp");
        assertThat(inspection.contentType()).isEqualTo("image/webp");
        assertThat(inspection.width()).isEqualTo(12);
        assertThat(inspection.height()).isEqualTo(8);
        assertThat(inspection.frames()).isEqualTo(1);
        assertThat(Files.readAllBytes(inspection.content())).isEqualTo(webp); // nothing to strip
        assertThat(inspection.thumbnail().contentType()).isEqualTo("image/png");
    }

    @Test
    void takesALossyWebpWithAJpegThumbnail() throws IOException {
        Inspection inspection = inspect(TestImages.base64(TestImages.WEBP_LOSSY), "photo.webp");
        assertThat(inspection.width()).isEqualTo(40);
        assertThat(inspection.height()).isEqualTo(30);
        assertThat(inspection.thumbnail().contentType()).isEqualTo("image/jpeg");
        BufferedImage drawn = TestImages.decode(Files.readAllBytes(inspection.thumbnail().path()));
        assertThat(near(drawn.getRGB(5, 15), TestImages.RED)).isTrue();
        assertThat(near(drawn.getRGB(35, 15), TestImages.BLUE)).isTrue();
    }

    @Test
    void stripsExifAndXmpChunksFromAWebpAndClearsTheirFlags() throws IOException {
        byte[] webp = TestImages.base64(TestImages.WEBP_WITH_EXIF_AND_XMP);
        assertThat(TestImages.webpChunks(webp)).containsExactly("VP8X", "VP8L", "EXIF", "XMP ");
        assertThat(webp[20] & 0x0C).isEqualTo(0x0C);

        Inspection inspection = inspect(webp, "sticker.webp");
        byte[] stripped = Files.readAllBytes(inspection.content());
        assertThat(TestImages.webpChunks(stripped)).containsExactly("VP8X", "VP8L");
        assertThat(stripped[20] & 0x0C).isZero();
        assertThat(stripped[20] & 0x10).isEqualTo(0x10); // the alpha flag stays
        assertThat(ByteBuffer.wrap(stripped).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(stripped.length - 8);
        assertThat(contains(stripped, "GPS")).isFalse();
        assertThat(TestImages.pixels(TestImages.decode(stripped)))
                .isEqualTo(TestImages.pixels(TestImages.decode(TestImages.base64(TestImages.WEBP_LOSSLESS))));
        // WebP EXIF is dropped, orientation included: shown as stored.
        assertThat(inspection.width()).isEqualTo(12);
        assertThat(inspection.height()).isEqualTo(8);
    }

    @Test
    void keepsEveryFrameOfAnAnimatedWebp() throws IOException {
        byte[] webp = TestImages.base64(TestImages.WEBP_ANIMATED);
        Inspection inspection = inspect(webp, "moving.webp");
        assertThat(inspection.frames()).isEqualTo(3);
        assertThat(Files.readAllBytes(inspection.content())).isEqualTo(webp);
        assertThat(TestImages.frameCount(webp)).isEqualTo(3);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

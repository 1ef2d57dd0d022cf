package dev.moim.file;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Avatars: cropped upright, re-encoded as 512 and 128 pixel squares, never enlarged. */
class AvatarTest {

    @TempDir
    Path dir;
    Path work;
    final UploadInspector inspector = new UploadInspector(UploadInspectorTest.LIMITS, 2, Duration.ofSeconds(10));

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createDirectory(dir.resolve("work"));
    }

    AvatarImages avatar(byte[] bytes, Crop crop) throws IOException {
        Path upload = Files.write(Files.createTempFile(dir, "upload-", ".bin"), bytes);
        return inspector.avatar(upload, crop, work);
    }

    static BufferedImage read(Path path) throws IOException {
        return TestImages.decode(Files.readAllBytes(path));
    }

    static void assertSquare(BufferedImage image, int side) {
        assertThat(image.getWidth()).isEqualTo(side);
        assertThat(image.getHeight()).isEqualTo(side);
    }

    /** The colour near each corner: top-left, top-right, bottom-left, bottom-right. */
    static void assertCorners(BufferedImage image, int topLeft, int topRight, int bottomLeft, int bottomRight) {
        int far = image.getWidth() - 6;
        assertThat(PhotoInspectionTest.near(image.getRGB(5, 5), topLeft)).as("top-left").isTrue();
        assertThat(PhotoInspectionTest.near(image.getRGB(far, 5), topRight)).as("top-right").isTrue();
        assertThat(PhotoInspectionTest.near(image.getRGB(5, far), bottomLeft)).as("bottom-left").isTrue();
        assertThat(PhotoInspectionTest.near(image.getRGB(far, far), bottomRight)).as("bottom-right").isTrue();
    }

    @Test
    void takesTheCentredLargestSquareWhenNoCropIsGiven() throws IOException {
        AvatarImages avatar = avatar(TestImages.jpeg(800, 600), null);
        assertThat(avatar.contentType()).isEqualTo("image/jpeg");
        assertThat(avatar.large()).startsWith(work);
        BufferedImage large = read(avatar.large());
        BufferedImage small = read(avatar.small());
        assertSquare(large, 512);
        assertSquare(small, 128);
        assertCorners(large, TestImages.RED, TestImages.GREEN, TestImages.BLUE, TestImages.WHITE);
        assertCorners(small, TestImages.RED, TestImages.GREEN, TestImages.BLUE, TestImages.WHITE);
    }

    @Test
    void cropsWhereAskedAndNeverEnlarges() throws IOException {
        AvatarImages red = avatar(TestImages.jpeg(800, 600), new Crop(10, 20, 200));
        assertSquare(read(red.large()), 200);
        assertSquare(read(red.small()), 128);
        assertCorners(read(red.large()), TestImages.RED, TestImages.RED, TestImages.RED, TestImages.RED);

        AvatarImages tiny = avatar(TestImages.jpeg(800, 600), new Crop(700, 500, 100));
        assertSquare(read(tiny.large()), 100);
        assertSquare(read(tiny.small()), 100);
        assertCorners(read(tiny.large()), TestImages.WHITE, TestImages.WHITE, TestImages.WHITE, TestImages.WHITE);
    }

    @Test
    void cropsTheUprightPictureOfARotatedJpeg() throws IOException {
        // Stored 300×200 with Orientation 6: shown 200×300 with blue top-left, red top-right, white bottom-left,
        // green bottom-right.
        byte[] jpeg = TestImages.withSegments(TestImages.jpeg(300, 200), TestImages.exifSegment(6, "Camera"));
        BufferedImage whole = read(avatar(jpeg, new Crop(0, 0, 200)).large());
        assertSquare(whole, 200);
        assertThat(PhotoInspectionTest.near(whole.getRGB(5, 5), TestImages.BLUE)).isTrue();
        assertThat(PhotoInspectionTest.near(whole.getRGB(194, 5), TestImages.RED)).isTrue();
        BufferedImage topLeft = read(avatar(jpeg, new Crop(0, 0, 90)).large());
        assertCorners(topLeft, TestImages.BLUE, TestImages.BLUE, TestImages.BLUE, TestImages.BLUE);
        BufferedImage bottomRight = read(avatar(jpeg, new Crop(105, 205, 90)).large());
        assertCorners(bottomRight, TestImages.GREEN, TestImages.GREEN, TestImages.GREEN, TestImages.GREEN);
        // 250 fits the stored width (300) but not the upright one (200).
        refusedCrop(jpeg, new Crop(0, 0, 250));
    }

    @Test
    void refusesACropOutsideThePhotoOrTooSmall() throws IOException {
        byte[] jpeg = TestImages.jpeg(400, 300);
        for (Crop crop : Stream.of(new Crop(0, 0, 31), new Crop(-1, 0, 100), new Crop(0, -5, 100),
                new Crop(301, 0, 100), new Crop(0, 201, 100), new Crop(0, 0, 301),
                new Crop(Integer.MAX_VALUE, 0, 100)).toList()) {
            refusedCrop(jpeg, crop);
        }
        assertSquare(read(avatar(jpeg, new Crop(300, 200, 100)).large()), 100); // exactly on the edge
        assertSquare(read(avatar(jpeg, new Crop(0, 0, 32)).large()), 32);
    }

    void refusedCrop(byte[] bytes, Crop crop) throws IOException {
        long before;
        try (Stream<Path> files = Files.list(work)) {
            before = files.count();
        }
        MoimException e = catchThrowableOfType(MoimException.class, () -> avatar(bytes, crop));
        assertThat(e).as(crop.toString()).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("at least 32 pixels");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.count()).isEqualTo(before);
        }
    }

    @Test
    void keepsTransparencyAsPng() throws IOException {
        AvatarImages avatar = avatar(TestImages.encode(TestImages.quadrants(600, 600, true), "png"), null);
        assertThat(avatar.contentType()).isEqualTo("image/png");
        BufferedImage large = read(avatar.large());
        assertSquare(large, 512);
        assertThat(large.getRGB(500, 500) >>> 24).isZero();
        assertThat(large.getRGB(5, 5)).isEqualTo(TestImages.RED);
        assertSquare(read(avatar.small()), 128);
    }

    @Test
    void takesTheFirstFrameOfAnAnimation() throws IOException {
        AvatarImages avatar = avatar(TestImages.animatedGif(60, 40, 3, "c", "<x/>"), null);
        BufferedImage large = read(avatar.large());
        assertSquare(large, 40);
        assertCorners(large, TestImages.RED, TestImages.RED, TestImages.RED, TestImages.RED);
        AvatarImages webp = avatar(TestImages.base64(TestImages.WEBP_LOSSY), null); // 40×30: the middle 30
        assertCorners(read(webp.large()), TestImages.RED, TestImages.BLUE, TestImages.RED, TestImages.BLUE);
    }

    @Test
    void scalesALargeCropFromASubsampledDecode() throws IOException {
        AvatarImages avatar = avatar(TestImages.jpeg(3000, 2000), new Crop(1000, 500, 1000));
        BufferedImage large = read(avatar.large());
        assertSquare(large, 512);
        // The crop straddles the middle: red, green, blue and white quarters, each a quarter of the square.
        assertCorners(large, TestImages.RED, TestImages.GREEN, TestImages.BLUE, TestImages.WHITE);
    }
}

package dev.moim.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import static dev.moim.file.TestImages.ascii;
import static dev.moim.file.TestImages.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What an upload is taken for, and every refusal: names, sizes, types, executables, renamed files, bad photos. */
class UploadInspectorTest {

    /** Small limits, so that "too large" is cheap to build. */
    static final MoimProperties.Files LIMITS = new MoimProperties.Files("local", DataSize.ofMegabytes(2),
            DataSize.ofMegabytes(3), 50_000_000, 500_000_000, 30, null, null, null, null, null, null, null);

    @TempDir
    Path dir;
    Path work;
    final UploadInspector inspector = new UploadInspector(LIMITS, 2, Duration.ofSeconds(10));

    @BeforeEach
    void workDir() throws IOException {
        work = Files.createDirectory(dir.resolve("work"));
    }

    Path upload(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "upload-", ".bin"), bytes);
    }

    Inspection inspect(byte[] bytes, String name, AttachmentKind requested) throws IOException {
        return inspector.inspect(upload(bytes), name, requested, work);
    }

    /** Asserts the refusal's code, that its message names no path, and that no copy was left behind. */
    MoimException refused(ErrorCode code, ThrowingCallable call) throws IOException {
        Set<Path> before = workFiles();
        MoimException e = catchThrowableOfType(MoimException.class, call);
        assertThat(e).as("refused with " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).isNotBlank().doesNotContain(dir.toString()).doesNotContain("/tmp");
        assertThat(workFiles()).as("copies left in the work directory").isEqualTo(before);
        return e;
    }

    Set<Path> workFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.collect(Collectors.toSet());
        }
    }

    // Names

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "../x.png", "a/b.txt", "a\\b.txt", "a\u0000b", "bell\u0007.txt", "del\u007F.txt",
            "c1\u0085.txt", "\u202Egnp.exe", "photo\u202Dx.jpg", "a\u2066b\u2069.png", "x\u200E.png", "x\u200F.png",
            "x\u061C.pdf", ".", "..", "...", "report.", "report ", "report.pdf ", "half\uD800.txt"})
    void refusesBadNames(String name) throws IOException {
        Path upload = upload(ascii("hello"));
        refused(ErrorCode.INVALID_FILE_NAME, () -> inspector.inspect(upload, name, null, work));
        refused(ErrorCode.INVALID_FILE_NAME, () -> UploadInspector.validName(name));
    }

    @Test
    void refusesNullAndTooLongNames() throws IOException {
        refused(ErrorCode.INVALID_FILE_NAME, () -> UploadInspector.validName(null));
        String tooLong = "가".repeat(100) + ".txt"; // 300 + 4 bytes in UTF-8
        refused(ErrorCode.INVALID_FILE_NAME, () -> UploadInspector.validName(tooLong));
        refused(ErrorCode.INVALID_FILE_NAME, () -> UploadInspector.validName("a".repeat(256)));
        assertThat(UploadInspector.validName("a".repeat(255))).hasSize(255);
        assertThat(UploadInspector.validName("가".repeat(85))).hasSize(85); // exactly 255 bytes
    }

    @Test
    void keepsOrdinaryNamesNormalisedToNfc() {
        assertThat(UploadInspector.validName("모임 사진 (1).jpg")).isEqualTo("모임 사진 (1).jpg");
        assertThat(UploadInspector.validName(".bashrc")).isEqualTo(".bashrc");
        assertThat(UploadInspector.validName("e\u0301te\u0301.txt")).isEqualTo("\u00e9t\u00e9.txt");
        // Hangul typed on a Mac arrives decomposed (NFD): kept composed, as Windows and Linux users type it.
        String decomposed = java.text.Normalizer.normalize("한글.hwp", java.text.Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo("한글.hwp");
        assertThat(UploadInspector.validName(decomposed)).isEqualTo("한글.hwp");
        assertThat(UploadInspector.validName("😀 party.png")).isEqualTo("😀 party.png");
    }

    // Sizes

    @Test
    void refusesAnEmptyUpload() throws IOException {
        Path empty = upload(new byte[0]);
        refused(ErrorCode.EMPTY_FILE, () -> inspector.inspect(empty, "empty.txt", null, work));
        refused(ErrorCode.EMPTY_FILE, () -> inspector.inspect(empty, "empty.jpg", AttachmentKind.IMAGE, work));
        refused(ErrorCode.EMPTY_FILE, () -> inspector.avatar(empty, null, work));
    }

    @Test
    void refusesFilesOverTheFileLimit() throws IOException {
        Path big = upload(new byte[(int) DataSize.ofMegabytes(3).toBytes() + 1]);
        MoimException e = refused(ErrorCode.FILE_TOO_LARGE,
                () -> inspector.inspect(big, "big.bin", AttachmentKind.FILE, work));
        assertThat(e.getMessage()).contains("3 MB");
    }

    @Test
    void refusesPhotosOverThePhotoLimitButTakesThemAsFiles() throws IOException {
        // A valid JPEG followed by 2.5 MB of something else (as phones append videos): over 2 MB, under 3 MB.
        byte[] jpeg = concat(TestImages.jpeg(64, 48), new byte[2_500_000]);
        Path upload = upload(jpeg);
        MoimException e = refused(ErrorCode.FILE_TOO_LARGE, () -> inspector.inspect(upload, "big.jpg", null, work));
        assertThat(e.getMessage()).contains("2 MB");
        refused(ErrorCode.FILE_TOO_LARGE, () -> inspector.inspect(upload, "big.jpg", AttachmentKind.IMAGE, work));
        refused(ErrorCode.FILE_TOO_LARGE, () -> inspector.avatar(upload, null, work));

        Inspection file = inspector.inspect(upload, "big.jpg", AttachmentKind.FILE, work);
        assertThat(file.kind()).isEqualTo(AttachmentKind.FILE);
        assertThat(file.contentType()).isEqualTo("image/jpeg");
        assertThat(file.content()).isEqualTo(upload);
        assertThat(file.size()).isEqualTo(jpeg.length);
        assertThat(file.thumbnail()).isNull();
    }

    // Executables

    static byte[] portableExecutable() {
        byte[] pe = new byte[1024];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3C] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        return pe;
    }

    static byte[] elf() {
        byte[] elf = new byte[256];
        System.arraycopy(new byte[]{0x7F, 'E', 'L', 'F', 2, 1, 1}, 0, elf, 0, 7);
        elf[16] = 2; // ET_EXEC
        elf[18] = 0x3E; // x86-64
        return elf;
    }

    static byte[] machO() {
        byte[] macho = new byte[256];
        System.arraycopy(new byte[]{(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE, 7, 0, 0, 1}, 0, macho, 0, 8);
        macho[12] = 2; // MH_EXECUTE
        return macho;
    }

    @Test
    void refusesExecutablesWhateverTheirNameOrKind() throws IOException {
        Path renamed = upload(portableExecutable());
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(renamed, "holiday.jpg", null, work));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(renamed, "holiday.jpg", AttachmentKind.IMAGE, work));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(renamed, "notes.txt", AttachmentKind.FILE, work));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.avatar(renamed, null, work));
        Path elf = upload(elf());
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(elf, "tool", AttachmentKind.FILE, work));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(elf, "readme.md", null, work));
        Path macho = upload(machO());
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(macho, "App", AttachmentKind.FILE, work));
    }

    @ParameterizedTest
    @ValueSource(strings = {"setup.exe", "SETUP.EXE", "lib.dll", "screen.scr", "run.bat", "run.cmd", "install.msi",
            "script.ps1", "macro.vbs", "invoice.pdf.js", "x.jse", "x.wsf", "x.hta", "panel.cpl", "shortcut.lnk",
            "x.pif", "settings.reg", "command.com"})
    void refusesExecutableExtensionsWhateverTheBytes(String name) throws IOException {
        Path text = upload(ascii("echo hello\r\n"));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(text, name, AttachmentKind.FILE, work));
    }

    // Renamed files

    static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(ascii("<?xml version=\"1.0\"?><x/>"));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] ole2() {
        byte[] ole = new byte[1536];
        System.arraycopy(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1}, 0, ole, 0, 8);
        return ole;
    }

    static byte[] isoMedia(String brand) {
        byte[] box = new byte[64];
        box[3] = 24;
        System.arraycopy(ascii("ftyp" + brand + "\0\0\0\0" + brand + "mp41"), 0, box, 4, 20);
        return box;
    }

    static Stream<Arguments> renamed() throws IOException {
        return Stream.of(
                Arguments.of("photo.jpg", zip("a.txt")),
                Arguments.of("photo.JPEG", ascii("just some text\n")),
                Arguments.of("photo.png", ascii("<!DOCTYPE html><html><script>alert(1)</script></html>")),
                Arguments.of("photo.jpg", ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>")),
                Arguments.of("photo.webp", new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                Arguments.of("scan.heic", zip("a.txt")),
                Arguments.of("contract.pdf", zip("word/document.xml")),
                Arguments.of("contract.pdf", TestImages.jpeg(16, 16)),
                Arguments.of("song.mp3", ascii("<html><body>not a song</body></html>")),
                Arguments.of("movie.mp4", TestImages.jpeg(16, 16)),
                Arguments.of("clip.mov", zip("a.txt")));
    }

    @ParameterizedTest
    @MethodSource("renamed")
    void refusesANameThatClaimsAnotherType(String name, byte[] bytes) throws IOException {
        Path upload = upload(bytes);
        refused(ErrorCode.FILE_TYPE_MISMATCH, () -> inspector.inspect(upload, name, AttachmentKind.FILE, work));
        refused(ErrorCode.FILE_TYPE_MISMATCH, () -> inspector.inspect(upload, name, null, work));
    }

    @Test
    void takesAPhotoNamedAsAnotherPictureType() throws IOException {
        Inspection jpegNamedPng = inspect(TestImages.jpeg(40, 30), "screenshot.png", null);
        assertThat(jpegNamedPng.kind()).isEqualTo(AttachmentKind.IMAGE);
        assertThat(jpegNamedPng.contentType()).isEqualTo("image/jpeg");
        assertThat(jpegNamedPng.name()).isEqualTo("screenshot.png");
        Inspection pngNamedHeic = inspect(TestImages.encode(TestImages.quadrants(40, 30, true), "png"), "IMG_0001.HEIC",
                AttachmentKind.IMAGE);
        assertThat(pngNamedHeic.contentType()).isEqualTo("image/png");
    }

    static Stream<Arguments> ordinaryFiles() throws IOException {
        byte[] randomBytes = new byte[4096];
        new Random(7).nextBytes(randomBytes);
        randomBytes[0] = 0x13; // no magic number starts this way
        return Stream.of(
                Arguments.of("보고서.docx", zip("[Content_Types].xml", "_rels/.rels", "word/document.xml"),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                Arguments.of("budget.xlsx", zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                Arguments.of("slides.pptx", zip("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"),
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                Arguments.of("회의록.hwp", ole2(), "application/octet-stream"),
                Arguments.of("legacy.doc", ole2(), "application/msword"),
                Arguments.of("회의록.hwpx", zip("mimetype", "version.xml", "Contents/content.hpf"), "application/hwp+zip"),
                Arguments.of("photos.zip", zip("a.jpg", "b.jpg"), "application/zip"),
                Arguments.of("notes.txt", "모임 공지\n회비는 만원입니다.\n".getBytes(StandardCharsets.UTF_8), "text/plain"),
                Arguments.of("members.csv", ascii("name,dues\nKim,10000\n"), "text/csv"),
                Arguments.of("README.md", ascii("# Moim\n\n* one\n* two\n"), "text/x-web-markdown"),
                Arguments.of("config.json", ascii("{\"rooms\": [1, 2, 3]}\n"), "application/json"),
                Arguments.of("data", randomBytes, "application/octet-stream"),
                Arguments.of("page.html", randomBytes, "application/octet-stream"),
                Arguments.of("page.html", ascii("Just words, no markup.\n"), "text/plain"),
                Arguments.of("drawing.svg", ascii("Just words, no markup.\n"), "text/plain"),
                Arguments.of("main.py", ascii("print('hello')\n"), "text/x-python"),
                Arguments.of("backup.moimdata", randomBytes, "application/octet-stream"),
                Arguments.of("movie.mp4", isoMedia("isom"), "video/mp4"),
                Arguments.of("voice.m4a", isoMedia("M4A "), "audio/mp4"),
                Arguments.of("raw.mp3", randomBytes, "application/octet-stream"),
                Arguments.of("manual.pdf", ascii("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "application/pdf"));
    }

    @ParameterizedTest
    @MethodSource("ordinaryFiles")
    void keepsOrdinaryFilesAsTheyCame(String name, byte[] bytes, String contentType) throws IOException {
        Path upload = upload(bytes);
        Inspection inspection = inspector.inspect(upload, name, null, work);
        assertThat(inspection.kind()).isEqualTo(AttachmentKind.FILE);
        assertThat(inspection.contentType()).isEqualTo(contentType);
        assertThat(inspection.name()).isEqualTo(name);
        assertThat(inspection.content()).isEqualTo(upload);
        assertThat(Files.readAllBytes(inspection.content())).isEqualTo(bytes);
        assertThat(inspection.size()).isEqualTo(bytes.length);
        assertThat(inspection.width()).isNull();
        assertThat(inspection.frames()).isZero();
        assertThat(inspection.thumbnail()).isNull();
        try (Stream<Path> made = Files.list(work)) {
            assertThat(made).isEmpty();
        }
    }

    @Test
    void keepsAPhotoSentAsAFileByteForByte() throws IOException {
        byte[] jpeg = TestImages.withSegments(TestImages.jpeg(64, 48), TestImages.exifSegment(6, "Secret Camera"));
        Inspection inspection = inspect(jpeg, "original.jpg", AttachmentKind.FILE);
        assertThat(inspection.kind()).isEqualTo(AttachmentKind.FILE);
        assertThat(inspection.contentType()).isEqualTo("image/jpeg");
        assertThat(Files.readAllBytes(inspection.content())).isEqualTo(jpeg);
    }

    // Not photos where a photo is wanted

    static Stream<Arguments> notPhotos() {
        return Stream.of(
                Arguments.of("drawing.bmp", TestImages.encode(TestImages.quadrants(20, 20, false), "bmp")),
                Arguments.of("scan.tiff", TestImages.encode(TestImages.quadrants(20, 20, false), "tiff")),
                Arguments.of("logo.svg", ascii("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")),
                Arguments.of("IMG_0002.heic", isoMedia("heic")),
                Arguments.of("notes.txt", ascii("not a picture\n")),
                Arguments.of("manual.pdf", ascii("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")));
    }

    @ParameterizedTest
    @MethodSource("notPhotos")
    void refusesAnythingButJpegPngGifAndWebpAsAPhoto(String name, byte[] bytes) throws IOException {
        Path upload = upload(bytes);
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.inspect(upload, name, AttachmentKind.IMAGE, work));
        refused(ErrorCode.UNSUPPORTED_FILE_TYPE, () -> inspector.avatar(upload, null, work));
        assertThat(inspector.inspect(upload, name, null, work).kind()).isEqualTo(AttachmentKind.FILE);
    }

    // Pixel limits

    @Test
    void refusesAPngWhoseHeaderClaimsTooManyPixels() throws IOException {
        // Only the signature and IHDR (with a valid CRC): the claim alone must be enough to refuse.
        byte[] claim = concat(TestImages.pngSignature(), TestImages.ihdr(100_000, 100_000));
        Path upload = upload(claim);
        refused(ErrorCode.IMAGE_TOO_LARGE, () -> inspector.inspect(upload, "huge.png", null, work));
        refused(ErrorCode.IMAGE_TOO_LARGE, () -> inspector.avatar(upload, null, work));
    }

    @Test
    void refusesAnAnimationWithTooManyPixelsOverItsFrames() throws IOException {
        // 4000×4000 (16 MP, under the 50 MP limit for one picture) × 100 frames = 1.6 GP, over the 500 MP limit.
        Path claim = upload(TestImages.tinyFrameGif(4000, 4000, 100));
        MoimException e = refused(ErrorCode.IMAGE_TOO_LARGE, () -> inspector.inspect(claim, "claim.gif", null, work));
        assertThat(e.getMessage()).contains("100 frames");

        // The same canvas with 10 frames (160 MP) is within the limit: it is the frame count that refused it.
        Inspection ten = inspect(TestImages.tinyFrameGif(4000, 4000, 10), "ten.gif", null);
        assertThat(ten.frames()).isEqualTo(10);
        assertThat(ten.width()).isEqualTo(4000);
        assertThat(ten.height()).isEqualTo(4000);
        assertThat(ten.thumbnail().width()).isEqualTo(480);
    }

    @Test
    void refusesAPhotoOverTheImagePixelLimit() throws IOException {
        UploadInspector strict = new UploadInspector(new MoimProperties.Files("local", DataSize.ofMegabytes(2),
                DataSize.ofMegabytes(3), 10_000, 500_000_000, 30, null, null, null, null, null, null, null), 1,
                Duration.ofSeconds(1));
        Path small = upload(TestImages.jpeg(100, 100));
        Path large = upload(TestImages.jpeg(101, 100));
        assertThat(strict.inspect(small, "small.jpg", null, work).width()).isEqualTo(100);
        refused(ErrorCode.IMAGE_TOO_LARGE, () -> strict.inspect(large, "large.jpg", null, work));
    }

    // Damaged photos

    static Stream<Arguments> truncated() {
        byte[] jpeg = TestImages.jpeg(200, 150);
        byte[] png = TestImages.encode(TestImages.quadrants(200, 150, true), "png");
        byte[] gif = TestImages.animatedGif(40, 30, 3, "comment", "<xmp/>");
        byte[] webp = TestImages.base64(TestImages.WEBP_LOSSY);
        return Stream.of(
                Arguments.of("photo.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3)),
                Arguments.of("photo.jpg", Arrays.copyOf(jpeg, jpeg.length - 2)), // only EOI missing
                Arguments.of("photo.png", Arrays.copyOf(png, png.length * 2 / 3)),
                Arguments.of("photo.png", Arrays.copyOf(png, png.length - 12)), // only IEND missing
                Arguments.of("photo.gif", Arrays.copyOf(gif, gif.length * 2 / 3)),
                Arguments.of("photo.gif", Arrays.copyOf(gif, gif.length - 1)), // only the trailer missing
                Arguments.of("photo.webp", Arrays.copyOf(webp, webp.length * 2 / 3)),
                Arguments.of("photo.webp", riffSizeFixed(Arrays.copyOf(webp, webp.length - 10))));
    }

    /** A truncated WebP whose RIFF size was made to match, so that only the chunk walk can tell. */
    static byte[] riffSizeFixed(byte[] webp) {
        int size = webp.length - 8;
        webp[4] = (byte) size;
        webp[5] = (byte) (size >> 8);
        webp[6] = (byte) (size >> 16);
        webp[7] = (byte) (size >> 24);
        return webp;
    }

    @ParameterizedTest
    @MethodSource("truncated")
    void refusesTruncatedPhotos(String name, byte[] bytes) throws IOException {
        Path upload = upload(bytes);
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.inspect(upload, name, null, work));
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.avatar(upload, null, work));
    }

    @Test
    void refusesAJpegWhoseScanEndsEarlyThoughItsSegmentsAreWhole() throws IOException {
        // Cut inside the entropy-coded data and closed with EOI: the walk finds every segment, the decoder warns
        // of a premature end. The stripped copy was already written, and must be gone.
        byte[] jpeg = TestImages.jpeg(400, 300);
        byte[] cut = concat(Arrays.copyOf(jpeg, jpeg.length / 2), new byte[]{(byte) 0xFF, (byte) 0xD9});
        Path upload = upload(cut);
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.inspect(upload, "cut.jpg", null, work));
    }

    @Test
    void refusesAPngWithADamagedChunk() throws IOException {
        byte[] png = TestImages.encode(TestImages.quadrants(64, 64, false), "png");
        int idat = new String(png, StandardCharsets.ISO_8859_1).indexOf("IDAT");
        png[idat + 8] ^= 0x40;
        Path upload = upload(png);
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.inspect(upload, "bad.png", null, work));

        // A damaged text chunk does not stop a decoder, only the CRC check.
        byte[] withText = TestImages.withChunksAfterHeader(TestImages.encode(TestImages.quadrants(64, 64, false), "png"),
                TestImages.pngChunk("tEXt", ascii("Comment\0hello")));
        assertThat(TestImages.decode(withText)).isNotNull();
        withText[33 + 8 + 9] ^= 0x20;
        assertThat(TestImages.decode(withText)).isNotNull();
        Path text = upload(withText);
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.inspect(text, "bad.png", null, work));
    }

    @Test
    void refusesAPhotoWithGarbageWhereItsFirstBlockShouldBe() throws IOException {
        byte[] jpeg = TestImages.jpeg(64, 48);
        jpeg[20] = 0x12; // not a marker after the APP0 segment (2 + 2 + 16 bytes)
        Path upload = upload(jpeg);
        refused(ErrorCode.CORRUPT_IMAGE, () -> inspector.inspect(upload, "bad.jpg", null, work));
    }

    // Capacity

    @Test
    void answersServerBusyWhenNoDecodeCanStartInTime() throws IOException {
        UploadInspector saturated = new UploadInspector(LIMITS, 0, Duration.ofMillis(50));
        Path photo = upload(TestImages.jpeg(64, 48));
        refused(ErrorCode.SERVER_BUSY, () -> saturated.inspect(photo, "photo.jpg", null, work));
        refused(ErrorCode.SERVER_BUSY, () -> saturated.avatar(photo, null, work));
        // A file needs no decoding, and is not held up.
        assertThat(saturated.inspect(photo, "photo.jpg", AttachmentKind.FILE, work).kind())
                .isEqualTo(AttachmentKind.FILE);
    }
}

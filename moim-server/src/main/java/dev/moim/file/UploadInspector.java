package dev.moim.file;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.apache.tika.mime.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Decides what an upload is from its bytes (never from its name or a Content-Type), makes a photo safe to serve and
 * makes its thumbnail.
 *
 * <p>A photo goes through every check that costs no decoding first: its pixel count from the decoder's header
 * reading, then a walk over its whole container, which counts frames, requires every block to be whole and decides
 * what the copy keeps. Only then is the first frame decoded, small, to prove the pixels decode and to draw the
 * thumbnail. Metadata is stripped at container level, never by re-encoding, so the photo's quality is untouched and
 * an animation keeps animating.
 *
 * <p>Decoding costs memory and CPU whatever the subsampling, so only as many photos as there are processors are
 * worked on at once; an upload that cannot start within {@link #DECODE_WAIT} is SERVER_BUSY.
 */
@Component
public class UploadInspector {

    private static final Logger log = LoggerFactory.getLogger(UploadInspector.class);
    static final int THUMBNAIL_BOX = 480;
    static final int AVATAR_LARGE = 512;
    static final int AVATAR_SMALL = 128;
    static final int MIN_CROP = 32;
    static final Duration DECODE_WAIT = Duration.ofSeconds(10);

    private final MoimProperties.Files limits;
    private final Semaphore decodes;
    private final long decodeWaitMillis;

    @Autowired
    public UploadInspector(MoimProperties properties) {
        this(properties.files(), Runtime.getRuntime().availableProcessors(), DECODE_WAIT);
    }

    UploadInspector(MoimProperties.Files limits, int concurrentDecodes, Duration decodeWait) {
        this.limits = limits;
        this.decodes = new Semaphore(concurrentDecodes, true);
        this.decodeWaitMillis = decodeWait.toMillis();
    }

    /**
     * @param requested null to decide from the bytes (a JPEG, PNG, GIF or WebP becomes IMAGE, anything else FILE);
     *                  IMAGE when it must be a photo; FILE to keep it byte for byte whatever it is
     * @param workDir   where the copies made (stripped photo, thumbnail) are written; the caller owns them
     */
    public Inspection inspect(Path upload, String fileName, AttachmentKind requested, Path workDir) {
        String name = validName(fileName);
        long size = checkedSize(upload);
        MediaType detected = detect(upload);
        FileTypes.refuseExecutable(name, detected);
        FileTypes.refuseMismatch(name, detected);
        String photoType = FileTypes.photoType(detected);
        AttachmentKind kind = requested != null ? requested
                : photoType != null ? AttachmentKind.IMAGE : AttachmentKind.FILE;
        if (kind == AttachmentKind.FILE) {
            return new Inspection(AttachmentKind.FILE, FileTypes.contentType(detected, name), name, size, upload,
                    null, null, 0, null);
        }
        String type = requirePhoto(photoType, size);
        return withDecodePermit(() -> inspectPhoto(upload, type, name, workDir));
    }

    /**
     * A user's picture: a photo under the same checks as IMAGE, upright, cropped to {@code crop} (null: the centred
     * largest square) and re-encoded as 512 and 128 pixel squares (never enlarged: a smaller crop gives smaller
     * squares). Re-encoding drops all metadata.
     */
    public AvatarImages avatar(Path upload, Crop crop, Path workDir) {
        long size = checkedSize(upload);
        MediaType detected = detect(upload);
        FileTypes.refuseExecutable(null, detected);
        String type = requirePhoto(FileTypes.photoType(detected), size);
        return withDecodePermit(() -> avatarImages(upload, type, crop, workDir));
    }

    /** The name to keep (NFC), or INVALID_FILE_NAME. The name is only shown to people; it never becomes a path. */
    public static String validName(String fileName) {
        return FileNames.valid(fileName);
    }

    private long checkedSize(Path upload) {
        long size;
        try {
            size = Files.size(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == 0) {
            throw new MoimException(ErrorCode.EMPTY_FILE, "The file is empty.");
        }
        if (size > limits.maxFileSize().toBytes()) {
            throw new MoimException(ErrorCode.FILE_TOO_LARGE, "Files can be at most " + mb(limits.maxFileSize()) + ".");
        }
        return size;
    }

    private static MediaType detect(Path upload) {
        try {
            return FileTypes.detect(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String requirePhoto(String photoType, long size) {
        if (photoType == null) {
            throw new MoimException(ErrorCode.UNSUPPORTED_FILE_TYPE, "Photos must be JPEG, PNG, GIF or WebP images.");
        }
        // A whole photo is read into memory; the photo limit keeps that bounded (and an array holds at most 2 GB).
        if (size > limits.maxPhotoSize().toBytes() || size > Integer.MAX_VALUE - 16) {
            throw new MoimException(ErrorCode.FILE_TOO_LARGE,
                    "Photos can be at most " + mb(limits.maxPhotoSize()) + ".");
        }
        return photoType;
    }

    private Inspection inspectPhoto(Path upload, String type, String name, Path workDir) {
        CheckedPhoto photo = check(upload, type);
        Path copy = null;
        Path thumbnailPath = null;
        try {
            copy = Files.createTempFile(workDir, "photo-", "." + type.substring("image/".length()));
            long size = photo.walk().writeStripped(photo.bytes(), copy);
            // What is decoded is the copy that will be served.
            BufferedImage first = PhotoPixels.decode(copy, type, photo.stored(), null,
                    PhotoPixels.subsamplingFor(photo.stored().pixels()));
            Thumbnail thumbnail = thumbnail(first, photo, workDir);
            thumbnailPath = thumbnail.path();
            return new Inspection(AttachmentKind.IMAGE, type, name, size, copy, photo.uprightWidth(),
                    photo.uprightHeight(), photo.walk().frames(), thumbnail);
        } catch (IOException e) {
            deleteQuietly(copy, thumbnailPath);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(copy, thumbnailPath);
            throw e;
        }
    }

    /** The first frame, upright, fitted into {@link #THUMBNAIL_BOX} square, never enlarged. */
    private static Thumbnail thumbnail(BufferedImage first, CheckedPhoto photo, Path workDir) throws IOException {
        double scale = Math.min(1.0, Math.min((double) THUMBNAIL_BOX / photo.uprightWidth(),
                (double) THUMBNAIL_BOX / photo.uprightHeight()));
        int width = (int) Math.max(1, Math.round(photo.uprightWidth() * scale));
        int height = (int) Math.max(1, Math.round(photo.uprightHeight() * scale));
        boolean swaps = photo.swaps();
        BufferedImage scaled = PhotoPixels.scale(first, swaps ? height : width, swaps ? width : height);
        BufferedImage upright = PhotoPixels.upright(scaled, photo.orientation());
        PhotoPixels.Encoded encoded = PhotoPixels.write(upright, PhotoPixels.isOpaque(upright), workDir, "thumb-");
        return new Thumbnail(encoded.path(), encoded.contentType(), encoded.width(), encoded.height(), encoded.size());
    }

    private AvatarImages avatarImages(Path upload, String type, Crop requested, Path workDir) {
        CheckedPhoto photo = check(upload, type);
        Crop crop = requested == null ? centredSquare(photo) : checkedCrop(requested, photo);
        Rectangle region = storedRegion(crop, photo);
        // Keep at least AVATAR_LARGE pixels across the crop, and the decoded raster within bounds.
        long decodedPixels = type.equals(FileTypes.GIF) ? photo.stored().pixels() : (long) crop.size() * crop.size();
        int subsampling = Math.max(Math.max(1, crop.size() / AVATAR_LARGE), PhotoPixels.subsamplingFor(decodedPixels));
        BufferedImage square = PhotoPixels.decode(upload, type, photo.stored(), region, subsampling);
        int large = Math.min(AVATAR_LARGE, crop.size());
        int small = Math.min(AVATAR_SMALL, crop.size());
        BufferedImage largeImage = PhotoPixels.upright(PhotoPixels.scale(square, large, large), photo.orientation());
        BufferedImage smallImage = PhotoPixels.scale(largeImage, small, small);
        boolean opaque = PhotoPixels.isOpaque(largeImage);
        Path largePath = null;
        try {
            largePath = PhotoPixels.write(largeImage, opaque, workDir, "avatar-large-").path();
            PhotoPixels.Encoded smallFile = PhotoPixels.write(smallImage, opaque, workDir, "avatar-small-");
            return new AvatarImages(largePath, smallFile.path(), smallFile.contentType());
        } catch (IOException e) {
            deleteQuietly(largePath);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(largePath);
            throw e;
        }
    }

    private static Crop centredSquare(CheckedPhoto photo) {
        int side = Math.min(photo.uprightWidth(), photo.uprightHeight());
        return new Crop((photo.uprightWidth() - side) / 2, (photo.uprightHeight() - side) / 2, side);
    }

    private static Crop checkedCrop(Crop crop, CheckedPhoto photo) {
        if (crop.size() < MIN_CROP || crop.x() < 0 || crop.y() < 0
                || (long) crop.x() + crop.size() > photo.uprightWidth()
                || (long) crop.y() + crop.size() > photo.uprightHeight()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, String.format(Locale.ROOT,
                    "The crop must be a square of at least %d pixels inside the photo, which is %d×%d.",
                    MIN_CROP, photo.uprightWidth(), photo.uprightHeight()));
        }
        return crop;
    }

    /** The upright {@code crop} in the photo's stored pixels: the same square, turned back. */
    private static Rectangle storedRegion(Crop crop, CheckedPhoto photo) {
        int w = photo.stored().width();
        int h = photo.stored().height();
        int last = crop.size() - 1;
        int[] a = PhotoPixels.storedPoint(photo.orientation(), w, h, crop.x(), crop.y());
        int[] b = PhotoPixels.storedPoint(photo.orientation(), w, h, crop.x() + last, crop.y() + last);
        return new Rectangle(Math.min(a[0], b[0]), Math.min(a[1], b[1]), crop.size(), crop.size());
    }

    /**
     * A photo that passed every check short of decoding.
     *
     * @param stored      its pixels as stored, before the orientation is applied
     * @param orientation the EXIF orientation (JPEG only; 1 for everything else, whose EXIF is dropped)
     */
    private record CheckedPhoto(String type, byte[] bytes, ContainerWalk walk, PhotoPixels.Size stored,
                                int orientation) {
        boolean swaps() {
            return orientation >= 5;
        }

        int uprightWidth() {
            return swaps() ? stored.height() : stored.width();
        }

        int uprightHeight() {
            return swaps() ? stored.width() : stored.height();
        }
    }

    private CheckedPhoto check(Path upload, String type) {
        PhotoPixels.Size header = PhotoPixels.header(upload, type);
        refuseTooManyPixels(header.pixels());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int orientation = type.equals(FileTypes.JPEG) ? orientation(bytes) : 1;
        ContainerWalk walk = ContainerWalker.walk(type, bytes, orientation);
        // A GIF is shown on its logical screen, which the decoder's header (the first frame's) does not give.
        PhotoPixels.Size stored = type.equals(FileTypes.GIF)
                ? new PhotoPixels.Size(walk.width(), walk.height()) : header;
        refuseTooManyPixels(stored.pixels());
        refuseTooManyPixels(walk.largestFrame());
        long perFrame = Math.max(stored.pixels(), walk.largestFrame());
        if (walk.frames() > 1 && perFrame > limits.maxAnimationPixels() / walk.frames()) {
            throw new MoimException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "This animation has too many pixels over its %,d frames (at most %,d in all).",
                    walk.frames(), limits.maxAnimationPixels()));
        }
        if (walk.damage() != null || stored.pixels() == 0) {
            log.debug("Refused a damaged {}: {}", type, walk.damage());
            throw new MoimException(ErrorCode.CORRUPT_IMAGE, PhotoPixels.CORRUPT);
        }
        return new CheckedPhoto(type, bytes, walk, stored, orientation);
    }

    private void refuseTooManyPixels(long pixels) {
        if (pixels > limits.maxImagePixels()) {
            throw new MoimException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "This photo has too many pixels (at most %,d).", limits.maxImagePixels()));
        }
    }

    /** The EXIF orientation (1–8) as browsers will apply it; 1 when there is none or it cannot be read. */
    private static int orientation(byte[] jpeg) {
        try {
            Metadata metadata = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg),
                    List.of(new ExifReader()));
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int orientation = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return orientation >= 1 && orientation <= 8 ? orientation : 1;
            }
        } catch (Exception e) {
            // Unreadable EXIF is ignored by browsers too: the photo is shown as stored.
        }
        return 1;
    }

    private <T> T withDecodePermit(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = decodes.tryAcquire(decodeWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new MoimException(ErrorCode.SERVER_BUSY,
                    "Too many photos are being processed right now; please try again in a moment.");
        }
        try {
            return work.get();
        } finally {
            decodes.release();
        }
    }

    private static String mb(DataSize size) {
        long bytes = size.toBytes();
        long mb = DataSize.ofMegabytes(1).toBytes();
        return bytes % mb == 0 ? bytes / mb + " MB" : String.format(Locale.ROOT, "%.1f MB", (double) bytes / mb);
    }

    private static void deleteQuietly(Path... paths) {
        for (Path path : paths) {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.warn("Could not delete a refused upload's copy: {}", e.toString());
                }
            }
        }
    }
}

package dev.moim.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * What a file is, from its first bytes (Tika's magic-byte detector), and the refusals that follow: executables,
 * and names that claim a type the bytes are not. A name is never trusted to say what a file is; it may only be
 * caught lying.
 */
final class FileTypes {

    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";
    static final String GIF = "image/gif";
    static final String WEBP = "image/webp";
    private static final String[] PHOTOS = {JPEG, PNG, GIF, WEBP};

    private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TIKA.getMediaTypeRegistry();

    /** Windows executables and installers, scripts Windows runs on a double click, and shortcuts to either. */
    private static final Set<String> EXECUTABLE_EXTENSIONS = Set.of(
            "exe", "dll", "scr", "com", "bat", "cmd", "msi", "msp", "ps1", "psm1", "vb", "vbs", "vbe", "js", "jse",
            "ws", "wsf", "wsh", "wsc", "hta", "cpl", "lnk", "pif", "reg", "scf", "jar");
    private static final Set<String> EXECUTABLE_TYPES = Set.of(
            "application/x-msdownload", "application/x-dosexec", "application/x-elf", "application/x-executable",
            "application/x-sharedlib", "application/x-object", "application/x-coredump");

    /** Extensions that promise a picture. A JPEG named .png is common and harmless; a ZIP named .jpg is not. */
    private static final Set<String> IMAGE_EXTENSIONS = Set.of(
            "jpg", "jpeg", "jpe", "jfif", "pjpeg", "pjp", "png", "apng", "gif", "webp", "bmp", "dib", "heic", "heif",
            "avif", "tif", "tiff", "ico");
    private static final Set<String> AUDIO_VIDEO_EXTENSIONS = Set.of(
            "mp3", "m4a", "aac", "wav", "flac", "ogg", "oga", "opus", "wma", "amr", "mp4", "m4v", "mov", "avi",
            "mkv", "webm", "wmv", "3gp", "3g2", "mpg", "mpeg", "ogv", "flv");
    /** Containers tika-core names by their wrapping rather than as audio or video. */
    private static final Set<String> AUDIO_VIDEO_CONTAINERS = Set.of(
            "application/ogg", "application/x-matroska", "application/mp4", "application/quicktime");

    private static final MediaType JSON = MediaType.parse("application/json");
    private static final List<MediaType> ACTIVE = Stream.of(
            "text/html", "application/xml", "text/javascript", "application/javascript", "application/ecmascript")
            .map(MediaType::parse).toList();

    private FileTypes() {
    }

    /** The type the file's first bytes show; application/octet-stream when they show nothing known. */
    static MediaType detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(TIKA.getMinLength());
        }
        // No name in the metadata: the detector must judge by the bytes alone.
        return TIKA.detect(new ByteArrayInputStream(head), new Metadata()).getBaseType();
    }

    /** JPEG, PNG (APNG included), GIF or WebP: the photo type {@code type} is, or null. */
    static String photoType(MediaType type) {
        for (String photo : PHOTOS) {
            if (REGISTRY.isInstanceOf(type, MediaType.parse(photo))) {
                return photo;
            }
        }
        return null;
    }

    /** Refuses executables, whether the bytes or the name's extension say so. */
    static void refuseExecutable(String name, MediaType type) {
        String extension = name == null ? "" : FileNames.extension(name);
        if (EXECUTABLE_EXTENSIONS.contains(extension)) {
            throw new MoimException(ErrorCode.UNSUPPORTED_FILE_TYPE,
                    "Programs and scripts (." + extension + " files) cannot be shared.");
        }
        for (MediaType t = type; t != null; t = REGISTRY.getSupertype(t)) {
            String base = t.getBaseType().toString();
            if (EXECUTABLE_TYPES.contains(base) || base.startsWith("application/x-mach-o")) {
                throw new MoimException(ErrorCode.UNSUPPORTED_FILE_TYPE,
                        "This file is a program (an executable), which cannot be shared.");
            }
        }
    }

    /**
     * Refuses a name whose extension promises a picture, a PDF, or audio or video when the bytes are something
     * else. Everything else is let through: office documents, archives, text and unknown extensions are too messy
     * in real life to judge by name.
     */
    static void refuseMismatch(String name, MediaType type) {
        String extension = FileNames.extension(name);
        boolean lies;
        String promise;
        if (IMAGE_EXTENSIONS.contains(extension)) {
            // SVG is XML that can carry script: not the picture a .jpg promises.
            lies = !type.getType().equals("image") || isA(type, "image/svg+xml");
            promise = "a picture";
        } else if (extension.equals("pdf")) {
            lies = !isA(type, "application/pdf");
            promise = "a PDF";
        } else if (AUDIO_VIDEO_EXTENSIONS.contains(extension)) {
            // tika-core knows no magic for some raw audio streams: unknown bytes get the benefit of the doubt.
            lies = !isAudioOrVideo(type) && !type.equals(MediaType.OCTET_STREAM);
            promise = "audio or video";
        } else {
            return;
        }
        if (lies) {
            throw new MoimException(ErrorCode.FILE_TYPE_MISMATCH,
                    "This file is named ." + extension + " but its contents are not " + promise + ".");
        }
    }

    /**
     * The type to report for a file kept as it came: what the bytes show, narrowed by the name only to a type the
     * bytes are a container for (a ZIP named .docx is reported as a Word document, a text named .csv as CSV). Bytes
     * that show nothing stay application/octet-stream whatever the name, and a name never makes a file something a
     * browser would run (HTML, XML and SVG, JavaScript).
     */
    static String contentType(MediaType detected, String name) {
        MediaType type = detected;
        if (!type.equals(MediaType.OCTET_STREAM)) {
            Metadata byName = new Metadata();
            byName.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
            try {
                MediaType named = TIKA.detect(null, byName).getBaseType();
                if (REGISTRY.isSpecializationOf(named, type) && !runsInABrowser(named)) {
                    type = named;
                }
            } catch (IOException e) {
                // Naming needs no reading: cannot happen, and the bytes' type stands anyway.
            }
        }
        // tika-core's internal umbrella types (x-tika-ooxml, x-tika-msoffice) mean nothing to a browser.
        while (type != null && type.getSubtype().startsWith("x-tika-")) {
            type = REGISTRY.getSupertype(type);
        }
        return type == null ? MediaType.OCTET_STREAM.toString() : type.toString();
    }

    private static boolean runsInABrowser(MediaType type) {
        if (type.equals(JSON)) {
            return false; // tika-core files JSON under JavaScript
        }
        for (MediaType active : ACTIVE) {
            if (REGISTRY.isInstanceOf(type, active)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAudioOrVideo(MediaType type) {
        for (MediaType t = type; t != null; t = REGISTRY.getSupertype(t)) {
            if (t.getType().equals("audio") || t.getType().equals("video")
                    || AUDIO_VIDEO_CONTAINERS.contains(t.getBaseType().toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isA(MediaType type, String other) {
        return REGISTRY.isInstanceOf(type, MediaType.parse(other));
    }
}

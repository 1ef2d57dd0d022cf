package dev.moim.file;

import java.nio.file.Path;

/**
 * What an upload turned out to be.
 *
 * @param contentType for a photo its format; for a file the type its bytes show (the name may only narrow a
 *                    container such as a ZIP to the document type it is, e.g. a .docx)
 * @param name        the name to show, as {@link UploadInspector#validName} returned it
 * @param size        the size of {@code content}
 * @param content     the file to store: for a photo, the metadata-stripped copy; for a FILE, the upload itself
 * @param width       as displayed (after the EXIF orientation); null for a FILE
 * @param height      as displayed; null for a FILE
 * @param frames      1 for a still photo, the frame count of an animation, 0 for a FILE
 * @param thumbnail   null for a FILE
 */
public record Inspection(AttachmentKind kind, String contentType, String name, long size, Path content,
                         Integer width, Integer height, int frames, Thumbnail thumbnail) {
}

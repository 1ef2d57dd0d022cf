package dev.moim.file;

import java.nio.file.Path;

/** A photo's first frame, upright and fitted into 480×480: JPEG when opaque, PNG when it has transparency. */
public record Thumbnail(Path path, String contentType, int width, int height, long size) {
}

package dev.moim.file;

import java.nio.file.Path;

/** An avatar in two squares, 512 and 128 pixels (smaller when the crop is), both of {@code contentType}. */
public record AvatarImages(Path large, Path small, String contentType) {
}

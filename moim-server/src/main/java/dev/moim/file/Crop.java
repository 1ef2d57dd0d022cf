package dev.moim.file;

/** A square in the photo's pixels as displayed (upright), from its top-left corner. */
public record Crop(int x, int y, int size) {
}

package dev.moim.trending;

/** A trending search keyword and how many distinct users searched it within the window. */
public record Keyword(String keyword, long users) {
}

package dev.moim.common;

/** The signed-in user of a REST call; controllers take it as a parameter. */
public record AuthUser(long id) {
}

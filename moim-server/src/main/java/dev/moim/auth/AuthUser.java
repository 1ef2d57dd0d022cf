package dev.moim.auth;

/** The signed-in user of a REST call; controllers take it as a parameter. */
public record AuthUser(long id) {
}

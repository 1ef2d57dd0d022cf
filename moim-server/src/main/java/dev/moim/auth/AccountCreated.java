package dev.moim.auth;

/**
 * An account was just signed up. Published inside the sign-up's transaction, so a listener's writes (the first
 * verification code) commit or roll back with the account.
 */
public record AccountCreated(long userId, String email) {
}

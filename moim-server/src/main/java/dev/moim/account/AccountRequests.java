package dev.moim.account;

import dev.moim.common.PlainText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of e-mail verification, password reset and change, and withdrawal. */
public final class AccountRequests {

    private static final String SIX_DIGITS = "[0-9]{6}";
    private static final String SIX_DIGITS_MESSAGE = "must be the 6 digits from the mail";

    private AccountRequests() {
    }

    public record VerifyEmail(@NotBlank @Pattern(regexp = SIX_DIGITS, message = SIX_DIGITS_MESSAGE) String code) {
    }

    /** A code was mailed: it is good for {@code expiresIn} seconds, and another may be asked for in {@code resendAfter}. */
    public record CodeSent(long expiresIn, long resendAfter) {
    }

    public record PasswordReset(@NotBlank @Email @Size(max = 254) @PlainText String email) {
    }

    public record PasswordResetConfirm(
            @NotBlank @Email @Size(max = 254) @PlainText String email,
            @NotBlank @Pattern(regexp = SIX_DIGITS, message = SIX_DIGITS_MESSAGE) String code,
            @NotBlank @Size(min = 8, max = 72, message = "must be 8 to 72 characters") @PlainText String newPassword) {
    }

    public record PasswordChange(
            @NotBlank @Size(max = 72) @PlainText String currentPassword,
            @NotBlank @Size(min = 8, max = 72, message = "must be 8 to 72 characters") @PlainText String newPassword) {
    }

    public record Withdrawal(@NotBlank @Size(max = 72) @PlainText String password) {
    }
}

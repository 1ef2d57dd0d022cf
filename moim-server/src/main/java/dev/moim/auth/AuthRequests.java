package dev.moim.auth;

import dev.moim.common.PlainText;
import dev.moim.user.UserViews;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request and response bodies of /api/v1/auth. */
public final class AuthRequests {

    private AuthRequests() {
    }

    public record Signup(
            @NotBlank @Email @Size(max = 254) @PlainText String email,
            @NotBlank @Size(min = 8, max = 72, message = "must be 8 to 72 characters") @PlainText String password,
            @NotBlank @Size(max = 40) @PlainText String nickname) {
    }

    public record Login(@NotBlank @Size(max = 254) @PlainText String email,
                        @NotBlank @Size(max = 72) @PlainText String password) {
    }

    public record Refresh(@NotBlank @Size(max = 200) @PlainText String refreshToken) {
    }

    /** What log-in and refresh return. {@code expiresIn} is the access token's lifetime in seconds. */
    public record Session(String accessToken, String refreshToken, String tokenType, long expiresIn, UserViews.Me user) {
    }
}

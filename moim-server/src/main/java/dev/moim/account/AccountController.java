package dev.moim.account;

import dev.moim.auth.AuthRequests;
import dev.moim.common.AuthUser;
import dev.moim.common.ClientAddress;
import dev.moim.user.UserViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "accounts", description = "E-mail verification, password reset and change, withdrawal")
class AccountController {

    private final EmailVerificationService verification;
    private final PasswordService passwords;
    private final WithdrawalService withdrawal;

    AccountController(EmailVerificationService verification, PasswordService passwords, WithdrawalService withdrawal) {
        this.verification = verification;
        this.passwords = passwords;
        this.withdrawal = withdrawal;
    }

    @PostMapping("/api/v1/auth/verify-email")
    @Operation(summary = "Verify your email with the code mailed to it (signed in)",
            description = "Returns your account with emailVerified: true. 400 VERIFICATION_CODE_INVALID (wrong; tries "
                    + "remain until moim.accounts.code-attempts), 400 VERIFICATION_CODE_EXPIRED (out of time or tries, "
                    + "or none sent: ask for a new one), 409 ALREADY_VERIFIED, 429 RATE_LIMITED")
    UserViews.Me verify(AuthUser user, @Valid @RequestBody AccountRequests.VerifyEmail request, HttpServletRequest http) {
        return verification.verify(user.id(), request.code(), ClientAddress.of(http));
    }

    @PostMapping("/api/v1/auth/verify-email/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mail a new verification code (signed in)",
            description = "The new code replaces the old one. 409 ALREADY_VERIFIED; 429 RATE_LIMITED within "
                    + "moim.accounts.resend-cooldown of the last code, or past the hourly limits")
    AccountRequests.CodeSent resend(AuthUser user, HttpServletRequest http) {
        return verification.resend(user.id(), ClientAddress.of(http));
    }

    @PostMapping("/api/v1/auth/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Mail a password reset code",
            description = "Always 202, whether the email has an account or not; only an account's address gets a "
                    + "mail. 429 RATE_LIMITED past the limits per address and per email (counted alike for all)")
    void requestReset(@Valid @RequestBody AccountRequests.PasswordReset request, HttpServletRequest http) {
        passwords.requestReset(request.email(), ClientAddress.of(http));
    }

    @PostMapping("/api/v1/auth/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a new password with the mailed code",
            description = "Every session of the account ends (tokens refused, sockets closed); log in with the new "
                    + "password. 400 VERIFICATION_CODE_INVALID for any bad code or unknown email alike")
    void confirmReset(@Valid @RequestBody AccountRequests.PasswordResetConfirm request, HttpServletRequest http) {
        passwords.confirmReset(request, ClientAddress.of(http));
    }

    @PostMapping("/api/v1/users/me/password")
    @Operation(summary = "Change your password",
            description = "Every session of the account ends, this one too; the answer is a new session "
                    + "(as log-in returns) for this device. 403 WRONG_PASSWORD, 429 RATE_LIMITED")
    AuthRequests.Session changePassword(AuthUser user, @Valid @RequestBody AccountRequests.PasswordChange request) {
        return passwords.change(user.id(), request);
    }

    @DeleteMapping("/api/v1/users/me")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw your account",
            description = "Confirmed with your password. Leaves every group, erases your email, password, nickname, "
                    + "status and picture, ends every session; your messages stay under a placeholder sender. "
                    + "403 WRONG_PASSWORD, 429 RATE_LIMITED")
    void withdraw(AuthUser user, @Valid @RequestBody AccountRequests.Withdrawal request) {
        withdrawal.withdraw(user.id(), request.password());
    }
}

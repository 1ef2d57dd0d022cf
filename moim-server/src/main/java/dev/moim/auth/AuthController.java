package dev.moim.auth;

import dev.moim.common.ClientAddress;
import dev.moim.user.UserViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "auth", description = "Accounts and tokens")
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account", description = "409 EMAIL_TAKEN when the email is registered already; "
            + "429 RATE_LIMITED past moim.auth.signups-per-ip; 503 SERVER_BUSY when password hashing is saturated")
    UserViews.Me signup(@Valid @RequestBody AuthRequests.Signup request, HttpServletRequest http) {
        return auth.signup(request, ClientAddress.of(http));
    }

    @PostMapping("/login")
    @Operation(summary = "Log in", description = "Returns a short-lived access token and a refresh token. "
            + "429 RATE_LIMITED after too many failures from your address; an account failing from many addresses "
            + "is answered slowly instead, and the right password still gets in.")
    AuthRequests.Session login(@Valid @RequestBody AuthRequests.Login request, HttpServletRequest http) {
        return auth.login(request, ClientAddress.of(http));
    }

    @PostMapping("/refresh")
    @Operation(summary = "Trade a refresh token for a new pair",
            description = "The presented token is spent. Presenting a spent token revokes its whole session (REFRESH_TOKEN_REUSED).")
    AuthRequests.Session refresh(@Valid @RequestBody AuthRequests.Refresh request) {
        return auth.refresh(request.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Log out", description = "Revokes the session the refresh token belongs to: its refresh and "
            + "access tokens stop working and its STOMP connections are closed (SESSION_REVOKED)")
    void logout(@Valid @RequestBody AuthRequests.Refresh request) {
        auth.logout(request.refreshToken());
    }
}

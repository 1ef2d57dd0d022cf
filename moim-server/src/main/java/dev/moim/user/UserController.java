package dev.moim.user;

import java.util.List;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "users", description = "Profiles and finding people")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping("/me")
    UserViews.Me me(AuthUser user) {
        return users.me(user.id());
    }

    @PatchMapping("/me")
    @Operation(summary = "Change nickname or status message")
    UserViews.Me update(AuthUser user, @Valid @RequestBody UserRequests.Profile request) {
        return users.updateProfile(user.id(), request);
    }

    @GetMapping
    @Operation(summary = "Find users", description = "q is an exact email or part of a nickname; at most 20 results")
    List<UserViews.Profile> search(AuthUser user, @RequestParam String q) {
        return users.search(q, user.id());
    }

    @GetMapping("/{userId}")
    UserViews.Profile get(AuthUser user, @PathVariable long userId) {
        return users.profile(userId, user.id());
    }
}

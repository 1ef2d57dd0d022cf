package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

import dev.moim.common.AuthUser;
import dev.moim.user.UserViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "users", description = "Profiles and finding people")
class AvatarController {

    private final AvatarService avatars;
    private final Downloads downloads;

    AvatarController(AvatarService avatars, Downloads downloads) {
        this.avatars = avatars;
        this.downloads = downloads;
    }

    @PutMapping("/me/avatar")
    @Operation(summary = "Set my profile picture",
            description = "The body is a photo (JPEG, PNG, GIF or WebP). x, y and size choose the square to keep, in "
                    + "the upright photo's pixels; without them the centred square is kept. Returns me, with the new "
                    + "avatarId.")
    UserViews.Me upload(AuthUser user, @RequestParam(required = false) Integer x,
                        @RequestParam(required = false) Integer y, @RequestParam(required = false) Integer size,
                        HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            return avatars.upload(user.id(), x, y, size, request.getContentLengthLong(), body);
        }
    }

    @DeleteMapping("/me/avatar")
    @Operation(summary = "Remove my profile picture")
    UserViews.Me remove(AuthUser user) {
        return avatars.remove(user.id());
    }

    @GetMapping("/{userId}/avatar/{avatarId}")
    @Operation(summary = "A user's profile picture", description = "size small (128 px, the default) or large (512 px)")
    void picture(AuthUser user, @PathVariable long userId, @PathVariable UUID avatarId,
                 @RequestParam(required = false) String size, HttpServletRequest request,
                 HttpServletResponse response) throws IOException {
        downloads.send(avatars.picture(userId, avatarId, size), request, response);
    }
}

package dev.moim.notification;

import java.util.List;
import java.util.Map;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "notifications", description = "Notifications, muted rooms and do not disturb")
class NotificationController {

    record Mute(@NotNull Boolean muted) {
    }

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    @Operation(summary = "My notifications, newest first",
            description = "unreadOnly=true for the unread ones; page with before = the previous page's nextBefore")
    NotificationService.Page list(AuthUser user, @RequestParam(required = false) Boolean unreadOnly,
                                  @RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
        return notifications.list(user.id(), unreadOnly, before, limit);
    }

    @GetMapping("/notifications/unread-count")
    Map<String, Long> unreadCount(AuthUser user) {
        return Map.of("unreadCount", notifications.unreadCount(user.id()));
    }

    @PostMapping("/notifications/{id}/read")
    Map<String, Long> read(AuthUser user, @PathVariable long id) {
        return Map.of("unreadCount", notifications.markRead(user.id(), id));
    }

    @PostMapping("/notifications/read-all")
    Map<String, Long> readAll(AuthUser user) {
        return Map.of("unreadCount", notifications.markAllRead(user.id()));
    }

    @PutMapping("/rooms/{roomId}/mute")
    @Operation(summary = "Mute or unmute a room for me", description = "A muted room still counts unread; it does not notify")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void mute(AuthUser user, @PathVariable long roomId, @RequestBody Mute request) {
        notifications.mute(user.id(), roomId, request.muted());
    }

    @GetMapping("/users/me/muted-rooms")
    List<Long> muted(AuthUser user) {
        return notifications.mutedRooms(user.id());
    }

    @GetMapping("/users/me/do-not-disturb")
    NotificationService.DoNotDisturb doNotDisturb(AuthUser user) {
        return notifications.doNotDisturb(user.id());
    }

    @PutMapping("/users/me/do-not-disturb")
    @Operation(summary = "Set my do-not-disturb window", description = "{enabled, start: \"22:00\", end: \"07:30\", timeZone: \"Asia/Seoul\"}")
    NotificationService.DoNotDisturb setDoNotDisturb(AuthUser user, @RequestBody NotificationService.DoNotDisturb request) {
        return notifications.setDoNotDisturb(user.id(), request);
    }
}

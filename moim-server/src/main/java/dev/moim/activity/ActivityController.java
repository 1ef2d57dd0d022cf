package dev.moim.activity;

import dev.moim.common.AuthUser;
import dev.moim.trending.Window;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /busiest} is a literal path, so it is matched before {@code /api/v1/rooms/{roomId}} is tried. */
@RestController
@RequestMapping("/api/v1/rooms")
@Tag(name = "trending", description = "What people search for and where they talk")
class ActivityController {

    private final ActivityService activity;

    ActivityController(ActivityService activity) {
        this.activity = activity;
    }

    @GetMapping("/busiest")
    @Operation(summary = "My busiest rooms",
            description = "Among the rooms you are a member of, those with the most messages in the last hour "
                    + "(window=hour, the default; exact to the minute) or day (window=day; exact to the hour). "
                    + "System messages are not counted. limit is 1-50, default 10.")
    ActivityViews.BusiestRooms busiest(AuthUser user, @RequestParam(required = false) String window,
                                       @RequestParam(required = false) Integer limit) {
        return activity.busiest(user.id(), Window.parse(window), limit);
    }

    @GetMapping("/{roomId}/active-members")
    @Operation(summary = "A room's most active members",
            description = "Members only. The current members with the most messages in the room in the last hour "
                    + "(window=hour, the default) or day (window=day). limit is 1-50, default 10.")
    ActivityViews.ActiveMembers activeMembers(AuthUser user, @PathVariable long roomId,
                                              @RequestParam(required = false) String window,
                                              @RequestParam(required = false) Integer limit) {
        return activity.activeMembers(user.id(), roomId, Window.parse(window), limit);
    }
}

package dev.moim.message;

import java.time.Duration;

import dev.moim.common.AuthUser;
import dev.moim.common.Futures;
import dev.moim.config.MoimProperties;
import dev.moim.view.NoticeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms/{roomId}/notice")
@Tag(name = "notice", description = "The room's pinned notice")
class NoticeController {

    private final NoticeService notices;
    private final Duration timeout;

    NoticeController(NoticeService notices, MoimProperties properties) {
        this.notices = notices;
        this.timeout = properties.messages().writeTimeout();
    }

    @GetMapping
    @Operation(summary = "The room's notice", description = "404 NOTICE_NOT_FOUND when there is none you may see")
    NoticeView get(AuthUser user, @PathVariable long roomId) {
        return notices.get(user.id(), roomId);
    }

    @PutMapping
    @Operation(summary = "Pin a message as the notice",
            description = "A group's owner, or either person of a DIRECT room. Replaces the notice there was.")
    NoticeView pin(AuthUser user, @PathVariable long roomId, @RequestBody NoticeRequests.Pin request) {
        return Futures.await(notices.pin(user.id(), roomId, request), timeout);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unpin the notice", description = "204 also when there was none")
    void unpin(AuthUser user, @PathVariable long roomId) {
        Futures.await(notices.unpin(user.id(), roomId), timeout);
    }
}

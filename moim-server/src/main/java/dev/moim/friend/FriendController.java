package dev.moim.friend;

import java.util.List;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
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
@Tag(name = "friends", description = "Friends, friend requests and blocks")
class FriendController {

    record NewRequest(@NotNull Long userId) {
    }

    private final FriendService friends;

    FriendController(FriendService friends) {
        this.friends = friends;
    }

    @GetMapping("/friends")
    @Operation(summary = "My friends, with presence")
    List<FriendViews.Friend> list(AuthUser user) {
        return friends.friends(user.id());
    }

    @DeleteMapping("/friends/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(AuthUser user, @PathVariable long userId) {
        friends.remove(user.id(), userId);
    }

    @GetMapping("/friends/suggestions")
    @Operation(summary = "People I share rooms with who are not my friends yet, most shared rooms first")
    List<FriendViews.Suggestion> suggestions(AuthUser user) {
        return friends.suggestions(user.id());
    }

    @PostMapping("/friends/requests")
    @Operation(summary = "Ask someone to be my friend",
            description = "state REQUESTED, or FRIENDS when they had asked me already (their request is accepted)")
    FriendService.RequestResult request(AuthUser user, @RequestBody NewRequest request) {
        return friends.request(user.id(), request.userId());
    }

    @GetMapping("/friends/requests")
    @Operation(summary = "Friend requests to me (direction=incoming, the default) or from me (outgoing)")
    List<FriendViews.Request> requests(AuthUser user, @RequestParam(required = false) String direction) {
        return friends.requests(user.id(), direction);
    }

    @DeleteMapping("/friends/requests/{userId}")
    @Operation(summary = "Cancel my request to someone")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(AuthUser user, @PathVariable long userId) {
        friends.cancel(user.id(), userId);
    }

    @PostMapping("/friends/requests/{userId}/accept")
    FriendViews.Person accept(AuthUser user, @PathVariable long userId) {
        return friends.accept(user.id(), userId);
    }

    @PostMapping("/friends/requests/{userId}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void decline(AuthUser user, @PathVariable long userId) {
        friends.decline(user.id(), userId);
    }

    @GetMapping("/blocks")
    List<FriendViews.Person> blocked(AuthUser user) {
        return friends.blocked(user.id());
    }

    @PutMapping("/blocks/{userId}")
    @Operation(summary = "Block someone", description = "Ends any friendship and request between us. They cannot send me "
            + "direct messages, invite me, or see my presence, and are not told.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(AuthUser user, @PathVariable long userId) {
        friends.block(user.id(), userId);
    }

    @DeleteMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(AuthUser user, @PathVariable long userId) {
        friends.unblock(user.id(), userId);
    }
}

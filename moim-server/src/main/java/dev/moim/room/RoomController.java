package dev.moim.room;

import java.time.Duration;
import java.util.List;

import dev.moim.common.AuthUser;
import dev.moim.common.Futures;
import dev.moim.config.MoimProperties;
import dev.moim.view.RoomSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms")
@Tag(name = "rooms", description = "Rooms and membership")
class RoomController {

    private final RoomService rooms;
    private final Duration timeout;

    RoomController(RoomService rooms, MoimProperties properties) {
        this.rooms = rooms;
        this.timeout = properties.messages().writeTimeout();
    }

    @PostMapping
    @Operation(summary = "Create a room",
            description = "DIRECT with one other member (201 when new, 200 with the existing room); GROUP with a name")
    ResponseEntity<RoomSummary> create(AuthUser user, @Valid @RequestBody RoomRequests.Create request) {
        RoomService.Created created = Futures.await(rooms.create(user.id(), request), timeout);
        return ResponseEntity.status(created.created() ? HttpStatus.CREATED : HttpStatus.OK).body(created.room());
    }

    @GetMapping
    @Operation(summary = "My rooms", description = "Most recently active first, each with unreadCount and the last message")
    List<RoomSummary> list(AuthUser user) {
        return rooms.list(user.id());
    }

    @GetMapping("/{roomId}")
    RoomSummary get(AuthUser user, @PathVariable long roomId) {
        return rooms.get(user.id(), roomId);
    }

    @GetMapping("/{roomId}/members")
    @Operation(summary = "Members with presence", description = "Longest-standing first")
    List<RoomViews.Member> members(AuthUser user, @PathVariable long roomId) {
        return rooms.members(user.id(), roomId);
    }

    @PostMapping("/{roomId}/members")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Invite users to a group", description = "Any member may invite; all join or none")
    void invite(AuthUser user, @PathVariable long roomId, @Valid @RequestBody RoomRequests.Invite request) {
        Futures.await(rooms.invite(user.id(), roomId, request), timeout);
    }

    @DeleteMapping("/{roomId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Kick a member (owner or managers)",
            description = "A manager removes members only; the owner removes managers too")
    void kick(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(rooms.kick(user.id(), roomId, userId), timeout);
    }

    @PostMapping("/{roomId}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Leave a group", description = "An owner's leaving passes ownership to the longest-standing member")
    void leave(AuthUser user, @PathVariable long roomId) {
        Futures.await(rooms.leave(user.id(), roomId), timeout);
    }

    @PutMapping("/{roomId}/owner")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Hand ownership to another member (owner only)")
    void transfer(AuthUser user, @PathVariable long roomId, @Valid @RequestBody RoomRequests.Owner request) {
        Futures.await(rooms.transferOwnership(user.id(), roomId, request.userId()), timeout);
    }
}

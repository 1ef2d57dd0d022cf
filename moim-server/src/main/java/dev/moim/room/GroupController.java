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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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
@Tag(name = "groups", description = "Group life: the directory, joining, applications, invite links, managers, bans, settings")
class GroupController {

    private final RoomCatalog catalog;
    private final RoomJoins joins;
    private final InviteLinks links;
    private final RoomModeration moderation;
    private final GroupSettings settings;
    private final Duration timeout;

    GroupController(RoomCatalog catalog, RoomJoins joins, InviteLinks links, RoomModeration moderation,
                    GroupSettings settings, MoimProperties properties) {
        this.catalog = catalog;
        this.joins = joins;
        this.links = links;
        this.moderation = moderation;
        this.settings = settings;
        this.timeout = properties.messages().writeTimeout();
    }

    @GetMapping("/rooms/directory")
    @Operation(summary = "The directory of OPEN and REQUEST rooms",
            description = "Matches every word of q against names, descriptions and tags (Korean-aware); tag narrows to "
                    + "one tag; sort activity (default) or members; page with cursor = nextCursor; limit 1-50, default 20")
    GroupViews.DirectoryPage directory(AuthUser user, @RequestParam(required = false) String q,
                                       @RequestParam(required = false) String tag,
                                       @RequestParam(required = false) String sort,
                                       @RequestParam(required = false) String cursor,
                                       @RequestParam(required = false) Integer limit) {
        return catalog.list(user.id(), q, tag, sort, cursor, limit);
    }

    @PatchMapping("/rooms/{roomId}")
    @Operation(summary = "Change a group's settings (owner or managers)",
            description = "A JSON merge patch of name, description, tags, coverAttachmentId, joinPolicy, password, "
                    + "memberLimit: a field left out stays, null clears. Every member gets a room_updated event.")
    RoomSummary update(AuthUser user, @PathVariable long roomId, @RequestBody GroupRequests.Settings request) {
        return Futures.await(settings.update(user.id(), roomId, request), timeout);
    }

    @PostMapping("/rooms/{roomId}/join")
    @Operation(summary = "Join an OPEN room", description = "With {password} when the room has one. Returns the room.")
    RoomSummary join(AuthUser user, @PathVariable long roomId, @RequestBody(required = false) GroupRequests.Join request) {
        return Futures.await(joins.join(user.id(), roomId, request == null ? null : request.password()), timeout);
    }

    @PostMapping("/rooms/{roomId}/applications")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Apply to a REQUEST room", description = "{note} of at most 200 characters; {password} when it has one")
    GroupViews.Application apply(AuthUser user, @PathVariable long roomId,
                                 @Valid @RequestBody(required = false) GroupRequests.Apply request) {
        return Futures.await(joins.apply(user.id(), roomId, request == null ? null : request.note(),
                request == null ? null : request.password()), timeout);
    }

    @DeleteMapping("/rooms/{roomId}/applications/mine")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw my application")
    void withdraw(AuthUser user, @PathVariable long roomId) {
        Futures.await(joins.withdraw(user.id(), roomId), timeout);
    }

    @GetMapping("/rooms/{roomId}/applications")
    @Operation(summary = "Pending applications, oldest first (owner or managers)")
    List<GroupViews.Application> applications(AuthUser user, @PathVariable long roomId) {
        return joins.applications(user.id(), roomId);
    }

    @PostMapping("/rooms/{roomId}/applications/{userId}/approve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Approve an application (owner or managers): the applicant joins")
    void approve(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(joins.approve(user.id(), roomId, userId), timeout);
    }

    @PostMapping("/rooms/{roomId}/applications/{userId}/refuse")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Refuse an application (owner or managers)")
    void refuse(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(joins.refuse(user.id(), roomId, userId), timeout);
    }

    @PostMapping("/rooms/{roomId}/invite-links")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Make an invite link (owner or managers)",
            description = "{expiresIn} seconds (default moim.groups.invite-link-ttl), {maxUses} (default: no limit)")
    GroupViews.InviteLink createLink(AuthUser user, @PathVariable long roomId,
                                     @RequestBody(required = false) GroupRequests.CreateInviteLink request) {
        return Futures.await(links.create(user.id(), roomId, request == null ? null : request.expiresIn(),
                request == null ? null : request.maxUses()), timeout);
    }

    @GetMapping("/rooms/{roomId}/invite-links")
    @Operation(summary = "The room's invite links, newest first (owner or managers)")
    List<GroupViews.InviteLink> listLinks(AuthUser user, @PathVariable long roomId) {
        return links.list(user.id(), roomId);
    }

    @DeleteMapping("/rooms/{roomId}/invite-links/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an invite link (owner or managers)")
    void revokeLink(AuthUser user, @PathVariable long roomId, @PathVariable String code) {
        Futures.await(links.revoke(user.id(), roomId, code), timeout);
    }

    @GetMapping("/invites/{code}")
    @Operation(summary = "What an invite link leads to", description = "The room's public settings, for anyone signed in")
    GroupViews.InvitePreview preview(AuthUser user, @PathVariable String code) {
        return links.preview(user.id(), code);
    }

    @PostMapping("/invites/{code}/accept")
    @Operation(summary = "Accept an invite link",
            description = "Joins the room, or applies with {note} when it is a REQUEST room; no password needed")
    GroupViews.Accepted accept(AuthUser user, @PathVariable String code,
                               @Valid @RequestBody(required = false) GroupRequests.Accept request) {
        return Futures.await(links.accept(user.id(), code, request == null ? null : request.note()), timeout);
    }

    @PutMapping("/rooms/{roomId}/managers/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Make a member a manager (owner only)")
    void addManager(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(moderation.addManager(user.id(), roomId, userId), timeout);
    }

    @DeleteMapping("/rooms/{roomId}/managers/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Make a manager a plain member again (owner only)")
    void removeManager(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(moderation.removeManager(user.id(), roomId, userId), timeout);
    }

    @PostMapping("/rooms/{roomId}/bans/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Ban someone (owner or managers)", description = "Removes them if they are in; no way back until lifted")
    void ban(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(moderation.ban(user.id(), roomId, userId), timeout);
    }

    @DeleteMapping("/rooms/{roomId}/bans/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a ban (owner or managers)")
    void unban(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        Futures.await(moderation.unban(user.id(), roomId, userId), timeout);
    }

    @GetMapping("/rooms/{roomId}/bans")
    @Operation(summary = "Banned people, newest first (owner or managers)")
    List<GroupViews.Ban> bans(AuthUser user, @PathVariable long roomId) {
        return moderation.bans(user.id(), roomId);
    }
}

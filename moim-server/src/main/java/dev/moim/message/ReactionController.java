package dev.moim.message;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.moim.common.AuthUser;
import dev.moim.common.Futures;
import dev.moim.config.MoimProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms/{roomId}/messages/{seq}/reactions")
@Tag(name = "reactions", description = "Reactions to messages")
class ReactionController {

    private final ReactionService reactions;
    private final Duration timeout;

    ReactionController(ReactionService reactions, MoimProperties properties) {
        this.reactions = reactions;
        this.timeout = properties.messages().writeTimeout();
    }

    @PutMapping("/{emoji}")
    @Operation(summary = "Add your reaction",
            description = "emoji is one of moim.reactions.emojis, percent-encoded in the path. Adding it again changes nothing.")
    ReactionViews.Mine add(AuthUser user, @PathVariable long roomId, @PathVariable long seq, @PathVariable String emoji) {
        return Futures.await(reactions.react(user.id(), roomId, seq, emoji, true), timeout);
    }

    @DeleteMapping("/{emoji}")
    @Operation(summary = "Take your reaction back", description = "Taking back one you have not given changes nothing.")
    ReactionViews.Mine remove(AuthUser user, @PathVariable long roomId, @PathVariable long seq, @PathVariable String emoji) {
        return Futures.await(reactions.react(user.id(), roomId, seq, emoji, false), timeout);
    }

    @GetMapping
    @Operation(summary = "Who reacted", description = "Each emoji on the message with the ids of who chose it, earliest first")
    Map<String, List<Long>> who(AuthUser user, @PathVariable long roomId, @PathVariable long seq) {
        return reactions.who(user.id(), roomId, seq);
    }
}

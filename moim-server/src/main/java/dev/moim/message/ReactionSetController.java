package dev.moim.message;

import java.util.List;

import dev.moim.config.MoimProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The emojis members may react with: a client offers these, in this order, rather than a list of its own. */
@RestController
@Tag(name = "reactions", description = "Reactions to messages")
class ReactionSetController {

    private final List<String> emojis;

    ReactionSetController(MoimProperties properties) {
        this.emojis = List.copyOf(properties.reactions().emojis());
    }

    /** The reaction set, as moim.reactions.emojis lists it. */
    record ReactionSet(List<String> emojis) {
    }

    @GetMapping("/api/v1/reactions")
    @Operation(summary = "The emojis one may react with", description = "moim.reactions.emojis, in the order to show them")
    ReactionSet emojis() {
        return new ReactionSet(emojis);
    }
}

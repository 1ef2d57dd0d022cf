package dev.moim.search;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "search", description = "Messages by their words, Korean included")
class SearchController {

    private static final String ABOUT = "Every word of q must match; Korean words match whatever particle or ending "
            + "follows them (콘서트 finds 콘서트를). Only rooms you are a member of, and in each only what came after you "
            + "joined. sort: recent (default) or relevance. from/to: date-times with an offset (from inclusive, to "
            + "exclusive). highlights: [start, end) offsets into each message's content. Pass nextCursor back as "
            + "cursor for the next page.";

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/rooms/{roomId}/messages/search")
    @Operation(summary = "Search one room's messages", description = ABOUT)
    SearchRequests.Results inRoom(AuthUser user, @PathVariable long roomId, @RequestParam(required = false) String q,
                                  @RequestParam(required = false) Long senderId,
                                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  @RequestParam(required = false) String sort,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit) {
        return search.search(user.id(), new SearchService.Request(q, roomId, senderId, from, to, sort, cursor, limit));
    }

    @GetMapping("/search/messages")
    @Operation(summary = "Search the messages of all your rooms", description = ABOUT)
    SearchRequests.Results everywhere(AuthUser user, @RequestParam(required = false) String q,
                                      @RequestParam(required = false) Long senderId,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(required = false) String sort,
                                      @RequestParam(required = false) String cursor,
                                      @RequestParam(required = false) Integer limit) {
        return search.search(user.id(), new SearchService.Request(q, null, senderId, from, to, sort, cursor, limit));
    }
}

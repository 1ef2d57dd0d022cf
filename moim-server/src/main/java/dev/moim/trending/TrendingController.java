package dev.moim.trending;

import java.util.List;

import dev.moim.common.AuthUser;
import dev.moim.common.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "trending", description = "What people search for and where they talk")
class TrendingController {

    /** The issue asks for the top 10; a fixed size keeps every client's ranking the same. */
    static final int TOP = 10;

    private final TrendingKeywords keywords;

    TrendingController(TrendingKeywords keywords) {
        this.keywords = keywords;
    }

    /** The top keywords of one window. */
    record Trending(String window, List<Keyword> keywords) {
    }

    @GetMapping("/trending")
    @Operation(summary = "Trending search keywords",
            description = "The 10 keywords searched by the most distinct users in the last hour (window=hour, the "
                    + "default) or day (window=day). A user counts once per keyword however often they searched it; "
                    + "empty queries and queries of stop words alone are not counted. Ties by keyword.")
    Trending trending(AuthUser user, @RequestParam(required = false) String window) {
        Window span = Window.parse(window);
        return new Trending(span.label(), keywords.top(span, Times.now(), TOP));
    }
}

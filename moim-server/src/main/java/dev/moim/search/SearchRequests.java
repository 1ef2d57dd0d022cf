package dev.moim.search;

import java.util.List;

import dev.moim.view.MessageView;

/** What the search endpoints answer. */
final class SearchRequests {

    private SearchRequests() {
    }

    /**
     * @param highlights where the query's words are in {@code message.content}: [start, end) offsets in UTF-16 code
     *                   units (JavaScript string indices), sorted, not overlapping
     */
    record Hit(MessageView message, List<int[]> highlights) {
    }

    /** @param nextCursor pass it back as {@code cursor} for the next page; null on the last page */
    record Results(List<Hit> hits, String nextCursor) {
    }
}

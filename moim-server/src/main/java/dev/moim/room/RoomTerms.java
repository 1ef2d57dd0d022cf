package dev.moim.room;

import java.util.List;
import java.util.Set;

/**
 * How the directory reads a room's name, description and tags and a query, the way message search reads Korean
 * (particles and endings stripped, compounds split, pairs of adjacent characters for what the dictionary misreads).
 * A port: the search feature implements it with its analysers, so that rooms know nothing of Lucene.
 */
public interface RoomTerms {

    /** What a room is found by: the terms read in {@code text} and its character pairs, lower case, no spaces inside. */
    Set<String> terms(String text);

    /** A directory query, one entry per word; words that leave nothing to match are left out. */
    List<QueryWord> query(String query);

    /**
     * One word of a query: as typed (lower case), the terms read in it, its character pairs, and how many of those
     * pairs a room must have (all of a short word's, most of a long one's).
     */
    record QueryWord(String text, List<String> terms, List<String> grams, int gramsRequired) {
    }
}

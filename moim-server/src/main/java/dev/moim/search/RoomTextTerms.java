package dev.moim.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.moim.room.RoomTerms;
import org.springframework.stereotype.Component;

/**
 * The room directory's reading of text, with the analysers messages are searched with ({@link KoreanText}): a room
 * is found by the same words, in any form, as a message would be.
 */
@Component
class RoomTextTerms implements RoomTerms {

    @Override
    public Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>(KoreanText.wordsOf(text));
        terms.addAll(KoreanText.gramsOf(text));
        terms.removeIf(term -> term.isBlank() || term.chars().anyMatch(Character::isWhitespace));
        return terms;
    }

    /**
     * Every word of the query is kept, also one the analysers make nothing of (a particle alone, a symbol): it still
     * matches as text in a name or description.
     */
    @Override
    public List<QueryWord> query(String query) {
        List<QueryWord> words = new ArrayList<>();
        for (String part : query.strip().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            KoreanText.QueryWord word = new KoreanText.QueryWord(part.toLowerCase(Locale.ROOT),
                    List.copyOf(KoreanText.wordsOf(part)), List.copyOf(KoreanText.gramsOf(part)));
            words.add(new QueryWord(word.text(), word.terms(), word.grams(), word.gramsRequired()));
        }
        return words;
    }
}

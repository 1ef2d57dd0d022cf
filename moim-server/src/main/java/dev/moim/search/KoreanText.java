package dev.moim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How message text becomes searchable words, the same for every engine.
 *
 * <p>Two views of one text. {@link #WORDS}: Nori's morphological analysis, which strips the particles and endings
 * that change a Korean word's form (콘서트를, 콘서트에서 → 콘서트) and keeps compounds with their parts (MIXED). It
 * misreads what its dictionary does not know (names, slang, typos), so {@link #GRAMS} also indexes every pair of
 * adjacent characters of each word: a query word whose pairs all appear is found whatever Nori made of it. The
 * OpenSearch adapter declares the same two analyzers in its index settings; queries are analysed here, once.
 */
public final class KoreanText {

    /** Field names shared by the engines. */
    public static final String WORDS = "text";
    public static final String GRAMS = "grams";

    private static final Analyzer words = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, null,
                    KoreanTokenizer.DecompoundMode.MIXED, false);
            TokenStream stream = new KoreanPartOfSpeechStopFilter(tokenizer);
            stream = new KoreanReadingFormFilter(stream);
            stream = new LowerCaseFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }
    };

    private static final Analyzer grams = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new LowerCaseFilter(tokenizer);
            stream = new NGramTokenFilter(stream, 2, 2, false);
            return new TokenStreamComponents(tokenizer, stream);
        }
    };

    private KoreanText() {
    }

    public static Analyzer wordsAnalyzer() {
        return words;
    }

    public static Analyzer gramsAnalyzer() {
        return grams;
    }

    /**
     * A query split at white space; each part keeps what the two analyzers make of it. Parts that leave nothing
     * searchable (a particle on its own, a single character Nori drops) are left out.
     */
    public static List<QueryWord> queryWords(String query) {
        List<QueryWord> result = new ArrayList<>();
        for (String part : query.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            List<String> terms = List.copyOf(distinct(words, part));
            List<String> pairs = List.copyOf(distinct(grams, part));
            if (!terms.isEmpty() || !pairs.isEmpty()) {
                result.add(new QueryWord(part.toLowerCase(Locale.ROOT), terms, pairs));
            }
        }
        return result;
    }

    /** The distinct terms Nori reads in {@code text}, lower case, in order (the room directory stores them). */
    public static Set<String> wordsOf(String text) {
        return distinct(words, text);
    }

    /** The distinct pairs of adjacent characters of each word of {@code text}, lower case, in order. */
    public static Set<String> gramsOf(String text) {
        return distinct(grams, text);
    }

    /**
     * Where the query's words are in a message's text, as [start, end) UTF-16 offsets, sorted and merged: every
     * place the text has a query word as typed or one of the terms Nori read in it (콘서트 in 콘서트를), ignoring
     * case. Found by plain matching rather than by analysing each hit again, which cost a search more than its
     * lookup in the index; a term Nori gives in a form the text does not spell (구하 for 구합니다) is not marked.
     */
    public static List<int[]> highlights(String content, List<QueryWord> query) {
        String lower = content.toLowerCase(Locale.ROOT);
        if (lower.length() != content.length()) {
            // Lower-casing changed the length (a few scripts do): offsets would not line up, so mark nothing.
            return List.of();
        }
        Set<String> needles = new LinkedHashSet<>();
        for (QueryWord word : query) {
            needles.add(word.text());
            needles.addAll(word.terms());
        }
        List<int[]> ranges = new ArrayList<>();
        for (String needle : needles) {
            if (needle.isEmpty()) {
                continue;
            }
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
                ranges.add(new int[]{at, at + needle.length()});
            }
        }
        return merge(ranges);
    }

    private static List<int[]> merge(List<int[]> ranges) {
        ranges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        List<int[]> merged = new ArrayList<>();
        for (int[] range : ranges) {
            int[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new int[]{range[0], range[1]});
            }
        }
        return merged;
    }

    /** The distinct terms the analyzer makes of the text, in order. */
    private static Set<String> distinct(Analyzer analyzer, String text) {
        Set<String> result = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                result.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /**
     * One word of a query: {@code text} as typed (lower case), {@code terms} what Nori reads in it, {@code grams}
     * its character pairs. A message matches the word if it has every term, or (nearly) every pair.
     */
    public record QueryWord(String text, List<String> terms, List<String> grams) {

        /** Pairs a message must share with the word: all of a short word's, and all but a quarter of a long one's (a typo). */
        public int gramsRequired() {
            return grams.size() <= 3 ? grams.size() : grams.size() - grams.size() / 4;
        }
    }
}

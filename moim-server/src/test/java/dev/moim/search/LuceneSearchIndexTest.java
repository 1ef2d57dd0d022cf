package dev.moim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneSearchIndexTest extends SearchIndexContract {

    @TempDir
    Path dir;

    private LuceneSearchIndex lucene;

    @Override
    protected SearchIndex index() {
        try {
            lucene = new LuceneSearchIndex(dir.resolve("search"));
            return lucene;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        lucene.close();
    }

    @Test
    void whatWasPutSurvivesAReopenUnderTheSameId() throws IOException {
        lucene.put(List.of(new SearchIndex.IndexedMessage(1, 1, 10, java.time.Instant.now(), "다시 열어도 남아 있다")));
        String id = lucene.indexId();
        lucene.close();
        lucene = new LuceneSearchIndex(dir.resolve("search"));
        assertThat(lucene.indexId()).isEqualTo(id);
        assertThat(lucene.stats().messages()).isEqualTo(1);
    }

    @Test
    void aDamagedIndexIsStartedAgainEmptyUnderANewId() throws IOException {
        lucene.put(List.of(new SearchIndex.IndexedMessage(1, 1, 10, java.time.Instant.now(), "망가질 색인")));
        String id = lucene.indexId();
        lucene.close();
        try (var files = java.nio.file.Files.list(dir.resolve("search"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                java.nio.file.Files.write(file, new byte[]{1, 2, 3});
            }
        }
        lucene = new LuceneSearchIndex(dir.resolve("search"));
        assertThat(lucene.indexId()).isNotEqualTo(id);
        assertThat(lucene.stats().messages()).isZero();
    }
}

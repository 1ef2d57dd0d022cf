package dev.moim.trending;

/** The embedded default passes the contract. */
class InMemoryTrendingKeywordsTest extends TrendingKeywordsContract {

    @Override
    protected TrendingKeywords newKeywords(int maxPairs) {
        return new InMemoryTrendingKeywords(maxPairs);
    }
}

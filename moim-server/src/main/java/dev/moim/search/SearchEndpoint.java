package dev.moim.search;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * For the operator, at {@code /actuator/search} (from the addresses in {@code moim.http.metrics-from} only): GET
 * shows how far the index is behind the database and what the indexer is doing; POST empties the index and
 * rebuilds it from the database, in the background, with GET showing the progress. A failing engine shows in
 * health as {@code DEGRADED}: the node still serves chat (HTTP 200), only search waits.
 */
@Component
@Endpoint(id = "search")
class SearchEndpoint implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Search indexing is failing; chat is not affected");

    private final SearchIndex index;
    private final SearchIndexer indexer;

    SearchEndpoint(SearchIndex index, SearchIndexer indexer) {
        this.index = index;
        this.indexer = indexer;
    }

    @ReadOperation
    Map<String, Object> status() {
        SearchIndexer.State state = indexer.state();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("engine", index.toString());
        status.put("indexId", index.indexId());
        status.put("phase", state.phase());
        status.put("messagesBehind", indexer.behind());
        SearchIndex.Stats stats = index.stats();
        status.put("messagesIndexed", stats.messages());
        status.put("sizeBytes", stats.sizeBytes());
        status.put("indexedSinceStart", state.indexedSinceStart());
        status.put("lastPass", state.lastPass());
        if (state.error() != null) {
            status.put("error", state.error());
            status.put("failingSince", state.failingSince());
        }
        return status;
    }

    @WriteOperation
    Map<String, Object> rebuild() {
        indexer.rebuild();
        return Map.of("rebuilding", true, "progress", "GET /actuator/search: messagesBehind falls to 0");
    }

    @Override
    public Health health() {
        SearchIndexer.State state = indexer.state();
        return state.error() == null
                ? Health.up().withDetail("phase", state.phase()).build()
                : Health.status(DEGRADED).withDetail("error", state.error()).withDetail("failingSince", state.failingSince()).build();
    }
}

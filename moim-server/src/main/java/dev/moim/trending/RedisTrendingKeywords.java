package dev.moim.trending;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Trending keywords in cluster mode: the same pairs and counts as {@link InMemoryTrendingKeywords}, in Redis sorted
 * sets that every node updates, so a keyword searched by one user on each of three nodes counts three. Per window:
 * <ul>
 *   <li>{@code moim:trend:{hour|day}:pairs}: members {@code userId|keyword}, scored by the time (epoch ms) of that
 *       user's last search of the keyword;</li>
 *   <li>{@code moim:trend:{hour|day}:counts}: each keyword scored by minus its number of users, so that ZRANGE
 *       gives the most searched first and, among equal counts, keywords in byte order.</li>
 * </ul>
 * Each call is one Lua script, atomic in Redis: it drops the pairs that left the window (and counts their keywords
 * one user fewer), then does its work. Both keys expire a while after the window if nobody searches any more.
 */
@Component
@Profile("redis")
public class RedisTrendingKeywords implements TrendingKeywords {

    private static final Logger log = LoggerFactory.getLogger(RedisTrendingKeywords.class);
    static final String PREFIX = "moim:trend:";

    /** Shared by both scripts. */
    private static final String PRUNE = """
            local function forget(counts, gone)
              for i = 1, #gone do
                local keyword = string.sub(gone[i], string.find(gone[i], '|', 1, true) + 1)
                if tonumber(redis.call('ZINCRBY', counts, 1, keyword)) >= 0 then
                  redis.call('ZREM', counts, keyword)
                end
              end
            end
            local function prune(pairs, counts, cutoff)
              while true do
                local old = redis.call('ZRANGEBYSCORE', pairs, '-inf', cutoff, 'LIMIT', 0, 1000)
                if #old == 0 then
                  return
                end
                redis.call('ZREM', pairs, unpack(old))
                forget(counts, old)
              end
            end
            """;

    /**
     * KEYS: pairs and counts of each window in turn. ARGV: at, pair, keyword, max pairs, then for each window its
     * cutoff (at minus the window) and the seconds to keep its keys.
     */
    private static final String RECORD = PRUNE + """
            local at = tonumber(ARGV[1])
            for w = 0, #KEYS / 2 - 1 do
              local pairs, counts = KEYS[2 * w + 1], KEYS[2 * w + 2]
              prune(pairs, counts, ARGV[5 + 2 * w])
              local previous = redis.call('ZSCORE', pairs, ARGV[2])
              if not previous then
                redis.call('ZADD', pairs, ARGV[1], ARGV[2])
                redis.call('ZINCRBY', counts, -1, ARGV[3])
                local excess = redis.call('ZCARD', pairs) - tonumber(ARGV[4])
                if excess > 0 then
                  local oldest = redis.call('ZRANGE', pairs, 0, excess - 1)
                  redis.call('ZREM', pairs, unpack(oldest))
                  forget(counts, oldest)
                end
              elseif tonumber(previous) < at then
                redis.call('ZADD', pairs, ARGV[1], ARGV[2])
              end
              redis.call('EXPIRE', pairs, ARGV[6 + 2 * w])
              redis.call('EXPIRE', counts, ARGV[6 + 2 * w])
            end
            return 1
            """;

    /** KEYS: one window's pairs and counts. ARGV: cutoff, limit. Returns keyword, score, keyword, score... */
    private static final String TOP = PRUNE + """
            prune(KEYS[1], KEYS[2], ARGV[1])
            return redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
            """;

    private final String prefix;
    private final int maxPairs;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final Counter lost;

    @Autowired
    public RedisTrendingKeywords(RedisClient client, MeterRegistry meters) {
        this(client, meters, PREFIX, InMemoryTrendingKeywords.MAX_PAIRS);
    }

    /** {@code prefix}: where the keys live (tests give each test its own). */
    RedisTrendingKeywords(RedisClient client, MeterRegistry meters, String prefix, int maxPairs) {
        this.prefix = prefix;
        this.maxPairs = maxPairs;
        this.connection = client.connect();
        this.redis = connection.sync();
        this.lost = Counter.builder("moim.trending.lost")
                .description("Searches not counted in the trending keywords because Redis could not be reached")
                .register(meters);
    }

    @PreDestroy
    void close() {
        connection.close();
    }

    /** A search is counted if Redis can be reached; if not, it is lost rather than failing the search. */
    @Override
    public void record(long userId, String query, Instant at) {
        Optional<String> keyword = Keywords.keyword(query);
        if (keyword.isEmpty()) {
            return;
        }
        long now = at.toEpochMilli();
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(now), userId + "|" + keyword.get(), keyword.get(),
                Integer.toString(maxPairs)));
        for (Window window : Window.values()) {
            keys.add(pairs(window));
            keys.add(counts(window));
            args.add(Long.toString(now - window.duration().toMillis()));
            args.add(Long.toString(window.duration().plusHours(1).toSeconds()));
        }
        try {
            run(RECORD, ScriptOutputType.INTEGER, keys, args);
        } catch (RuntimeException e) {
            lost.increment();
            log.warn("A search was not counted in the trending keywords: {}", e.toString());
        }
    }

    @Override
    public List<Keyword> top(Window window, Instant at, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Object> reply;
        try {
            reply = run(TOP, ScriptOutputType.MULTI, List.of(pairs(window), counts(window)),
                    List.of(Long.toString(at.toEpochMilli() - window.duration().toMillis()), Integer.toString(limit)));
        } catch (RuntimeException e) {
            log.warn("Trending keywords could not be read: {}", e.toString());
            throw new MoimException(ErrorCode.SERVER_BUSY, "Trending keywords cannot be read right now; try again shortly");
        }
        List<Keyword> top = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            top.add(new Keyword((String) reply.get(i), -Math.round(Double.parseDouble((String) reply.get(i + 1)))));
        }
        return top;
    }

    private String pairs(Window window) {
        return prefix + window.label() + ":pairs";
    }

    private String counts(Window window) {
        return prefix + window.label() + ":counts";
    }

    /** Runs a script by its SHA, loading it first if Redis does not know it (after a restart Redis forgets scripts). */
    private <T> T run(String script, ScriptOutputType type, List<String> keys, List<String> args) {
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        String sha = redis.digest(script);
        try {
            return redis.evalsha(sha, type, keyArray, argArray);
        } catch (RedisNoScriptException unknown) {
            redis.scriptLoad(script);
            return redis.evalsha(sha, type, keyArray, argArray);
        }
    }
}

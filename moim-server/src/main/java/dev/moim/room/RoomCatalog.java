package dev.moim.room;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.moim.common.InvalidField;
import dev.moim.common.RateLimits;
import dev.moim.common.Text;
import org.springframework.stereotype.Service;

/**
 * The public directory: OPEN and REQUEST rooms (never PRIVATE ones, never closed ones), found by name, description and
 * tag. (RoomDirectory is this node's memory of rooms; this is what people browse.)
 *
 * <p>Matching is Korean-aware and done by the database. Each room keeps {@code search_terms}: the terms Nori reads in
 * its name, description and tags and their pairs of adjacent characters, analysed as message search analyses text
 * (written with the settings, under the room's lock). A query is analysed the same way, word by word, and a room
 * matches when it matches every word: all of the word's terms are among the room's (등산을 finds 등산), or enough of its
 * character pairs are (what Nori misreads, with a typo's slack), or the word as typed is in the name or description,
 * ignoring case (any script, any split). Pages are a keyset over (activity or member count, id), so rooms that appear
 * or close never shift a page; see the README for what a room that moves while one pages does.
 */
@Service
public class RoomCatalog {

    static final int MAX_QUERY = 100;
    static final int MAX_PAGE = 50;
    private static final int DEFAULT_PAGE = 20;

    private final GroupStore groups;
    private final RoomTerms terms;
    private final RateLimits rateLimits;

    public RoomCatalog(GroupStore groups, RoomTerms terms, RateLimits rateLimits) {
        this.groups = groups;
        this.terms = terms;
        this.rateLimits = rateLimits;
    }

    public GroupViews.DirectoryPage list(long userId, String q, String tag, String sort, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidField("limit", "must be between 1 and " + MAX_PAGE);
        }
        GroupStore.Sort order = sort(sort);
        GroupStore.After after = cursor == null || cursor.isEmpty() ? null : decode(cursor, order);
        String query = q == null ? "" : Text.require("q", q).strip();
        if (query.length() > MAX_QUERY) {
            throw new InvalidField("q", "must be at most " + MAX_QUERY + " characters");
        }
        List<RoomTerms.QueryWord> words = List.of();
        if (!query.isEmpty()) {
            // A query scans the listed rooms' terms: it shares the message search's allowance.
            rateLimits.checkSearch(userId);
            words = terms.query(query);
        }
        String wanted = tag == null || tag.isBlank() ? null : GroupSettings.tag("tag", tag);

        List<GroupStore.Listed> rows = groups.listed(words, wanted, order, after, size + 1);
        boolean more = rows.size() > size;
        List<GroupStore.Listed> page = more ? rows.subList(0, size) : rows;
        List<Long> ids = page.stream().map(GroupStore.Listed::id).toList();
        Set<Long> mine = groups.memberOf(userId, ids);
        Set<Long> applied = groups.appliedAmong(userId, ids);
        List<GroupViews.PublicRoom> rooms = page.stream()
                .map(r -> new GroupViews.PublicRoom(r.id(), r.name(), r.description(), r.tags(), r.coverAttachmentId(),
                        r.joinPolicy(), r.hasPassword(), r.memberCount(), r.memberLimit(), r.lastActivityAt(),
                        mine.contains(r.id()), applied.contains(r.id())))
                .toList();
        return new GroupViews.DirectoryPage(rooms, more ? encode(order, page.getLast()) : null);
    }

    /** A room's public settings as someone outside it may see them (an invite link's preview). */
    static GroupViews.PublicRoom publicRoom(RoomState room, Instant lastActivityAt, boolean member, boolean applied) {
        RoomState.Group group = room.group();
        return new GroupViews.PublicRoom(room.id(), room.name(), group.description(), group.tags(),
                group.coverAttachmentId(), group.joinPolicy(), group.passwordHash() != null, room.memberCount(),
                room.memberLimit(), lastActivityAt, member, applied);
    }

    private static GroupStore.Sort sort(String sort) {
        if (sort == null || sort.isEmpty() || sort.equals("activity")) {
            return GroupStore.Sort.ACTIVITY;
        }
        if (sort.equals("members")) {
            return GroupStore.Sort.MEMBERS;
        }
        throw new InvalidField("sort", "must be activity or members");
    }

    /** "a:seconds:nanos:id" or "m:members:id", in base64url: opaque to clients, and tied to its sort. */
    private static String encode(GroupStore.Sort sort, GroupStore.Listed last) {
        String plain = sort == GroupStore.Sort.ACTIVITY
                ? "a:" + last.lastActivityAt().getEpochSecond() + ":" + last.lastActivityAt().getNano() + ":" + last.id()
                : "m:" + last.memberCount() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static GroupStore.After decode(String cursor, GroupStore.Sort sort) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (sort == GroupStore.Sort.ACTIVITY && parts.length == 4 && parts[0].equals("a")) {
                return new GroupStore.After(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        null, Long.parseLong(parts[3]));
            }
            if (sort == GroupStore.Sort.MEMBERS && parts.length == 3 && parts[0].equals("m")) {
                return new GroupStore.After(null, Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (RuntimeException malformed) {
            // Refused below, as any other cursor this server did not make.
        }
        throw new InvalidField("cursor", "is not a cursor of this listing (" + sort.name().toLowerCase(Locale.ROOT)
                + "); start again without one");
    }
}

package dev.moim.room;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.moim.auth.PasswordHashing;
import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.InvalidField;
import dev.moim.common.MoimException;
import dev.moim.common.Text;
import dev.moim.config.MoimProperties;
import dev.moim.view.JoinPolicy;
import dev.moim.view.RoomSettings;
import dev.moim.view.RoomType;
import dev.moim.view.RoomSummary;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Service;

/**
 * A GROUP's settings, changed by its owner or a manager: name, description, tags, cover, join policy, password and
 * member limit. The change is checked and stored under the room's lock, told to every member as a room_updated event
 * (which also makes every node read the room again), and a new name gets a SYSTEM message. The directory's terms are
 * stored with the settings they come from.
 */
@Service
public class GroupSettings {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_TAGS = 5;
    static final int MAX_TAG = 20;
    static final int MIN_PASSWORD = 4;
    static final int MAX_PASSWORD_BYTES = 72;
    /** The size of rooms.search_terms. */
    private static final int MAX_TERMS = 16_000;

    private final RoomWriter writer;
    private final RoomJoins joins;
    private final RoomDirectory directory;
    private final RoomService rooms;
    private final RoomStore store;
    private final RoomTerms terms;
    private final RoomPhotos photos;
    private final PasswordHashing passwords;
    private final int maxMembers;

    public GroupSettings(RoomWriter writer, RoomDirectory directory, RoomService rooms, RoomJoins joins, RoomStore store,
                         RoomTerms terms, RoomPhotos photos, PasswordHashing passwords, MoimProperties properties) {
        this.joins = joins;
        this.writer = writer;
        this.directory = directory;
        this.rooms = rooms;
        this.store = store;
        this.terms = terms;
        this.photos = photos;
        this.passwords = passwords;
        this.maxMembers = properties.rooms().maxMembers();
    }

    /** Applies the patch; answers the room as the caller sees it afterwards. */
    public CompletableFuture<RoomSummary> update(long userId, long roomId, GroupRequests.Settings patch) {
        if (patch == null) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "The body must be a JSON object of settings");
        }
        // A first look at who asks, before any work is done for them (a password costs a BCrypt hash); the room
        // writer asks again under the room's lock.
        RoomState seen = RoomService.requireManager(userId, directory.committed(roomId));
        // Each setting: null when the patch leaves it out, else what it becomes (an empty Optional: cleared).
        if (patch.has("name") && patch.getName() == null) {
            throw new InvalidField("name", "must not be null");
        }
        if (patch.has("tags") && patch.getTags() == null) {
            throw new InvalidField("tags", "must be a list; [] clears them");
        }
        if (patch.has("joinPolicy") && patch.getJoinPolicy() == null) {
            throw new InvalidField("joinPolicy", "must be PRIVATE, OPEN or REQUEST");
        }
        String name = patch.has("name") ? name(patch.getName()) : null;
        Optional<String> description = patch.has("description") ? Optional.ofNullable(description(patch.getDescription())) : null;
        List<String> tags = patch.has("tags") ? tags(patch.getTags()) : null;
        Optional<Integer> limit = patch.has("memberLimit") ? Optional.ofNullable(patch.getMemberLimit()).map(this::limit) : null;
        Optional<UUID> coverPatch = patch.has("coverAttachmentId") ? Optional.ofNullable(patch.getCoverAttachmentId()) : null;
        JoinPolicy policy = patch.getJoinPolicy();
        // Hashed here: BCrypt takes tens of milliseconds, which the room writer must not spend.
        Optional<String> passwordHash = patch.has("password")
                ? Optional.ofNullable(patch.password()).map(p -> passwords.encode(password(p))) : null;

        // The directory's terms, read off the writer's thread from the room as this node holds it; read again in
        // the task only if its text turns out to have changed meanwhile.
        Wording assumed = wording(seen, name, description, tags);
        String assumedTerms = searchTerms(assumed);

        return writer.run(outbox -> {
            RoomState room = RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            RoomState.Group before = room.group();
            Wording text = wording(room, name, description, tags);
            Integer memberLimit = limit == null ? room.memberLimit() : limit.orElse(null);
            if (memberLimit != null && memberLimit < room.memberCount()) {
                throw new InvalidField("memberLimit", "must not be below the " + room.memberCount() + " members in the room");
            }
            UUID cover = coverPatch == null ? before.coverAttachmentId() : coverPatch.orElse(null);
            if (cover != null && !cover.equals(before.coverAttachmentId())) {
                requireCover(room, cover);
            }
            RoomState.Group after = new RoomState.Group(policy == null ? before.joinPolicy() : policy,
                    text.description(), text.tags(), cover, passwordHash == null ? before.passwordHash() : passwordHash.orElse(null));

            List<String> changed = new ArrayList<>();
            if (!text.name().equals(room.name())) {
                changed.add("name");
            }
            if (!Objects.equals(text.description(), before.description())) {
                changed.add("description");
            }
            if (!text.tags().equals(before.tags())) {
                changed.add("tags");
            }
            if (!Objects.equals(cover, before.coverAttachmentId())) {
                changed.add("coverAttachmentId");
            }
            if (after.joinPolicy() != before.joinPolicy()) {
                changed.add("joinPolicy");
            }
            // A new password is a change even when it hashes from the same text: the old one no longer opens the room.
            if (passwordHash != null && (passwordHash.isPresent() || before.passwordHash() != null)) {
                changed.add("password");
            }
            if (!Objects.equals(memberLimit, room.memberLimit())) {
                changed.add("memberLimit");
            }
            if (changed.isEmpty()) {
                return null;
            }
            store.updateSettings(roomId, text.name(), memberLimit, after, text.equals(assumed) ? assumedTerms : searchTerms(text));
            RoomSettings settings = new RoomSettings(text.name(), after.description(), after.tags(), after.coverAttachmentId(),
                    after.joinPolicy(), after.passwordHash() != null, memberLimit);
            outbox.room(roomId, () -> new RoomEvent.RoomUpdated(roomId, settings, changed, userId));
            if (before.joinPolicy() == JoinPolicy.REQUEST && after.joinPolicy() != JoinPolicy.REQUEST) {
                joins.closeApplications(outbox, room, userId);
            }
            if (changed.contains("name")) {
                long lastSeq = room.lastSeq();
                rooms.actorHasRead(outbox, room, userId, lastSeq);
                ChatMessage note = writer.appendSystem(roomId, SystemNote.of("RENAMED", userId, List.of()),
                        rooms.nickname(userId) + " renamed the room to " + text.name(), outbox);
                store.markRead(roomId, userId, note.seq());
            }
            return null;
        }).thenApply(done -> rooms.summary(userId, roomId));
    }

    /**
     * Under the room's lock, after a message's files were released: a cover that was one of them is gone, so the
     * room has none, and its members are told as for any settings change.
     */
    public void dropLostCover(Outbox outbox, RoomState room, long actorId) {
        if (room.type() != RoomType.GROUP) {
            return;
        }
        RoomState.Group group = room.group();
        UUID cover = group.coverAttachmentId();
        if (cover == null || photos.find(cover).isPresent() || !store.clearCover(room.id(), cover)) {
            return;
        }
        RoomSettings settings = new RoomSettings(room.name(), group.description(), group.tags(), null,
                group.joinPolicy(), group.passwordHash() != null, room.memberLimit());
        outbox.room(room.id(), () -> new RoomEvent.RoomUpdated(room.id(), settings, List.of("coverAttachmentId"), actorId));
    }

    /** The text the directory reads: the room's name, description and tags after the patch. */
    private record Wording(String name, String description, List<String> tags) {
    }

    private static Wording wording(RoomState room, String name, Optional<String> description, List<String> tags) {
        return new Wording(name == null ? room.name() : name,
                description == null ? room.group().description() : description.orElse(null),
                tags == null ? room.group().tags() : tags);
    }

    /** " term term ... ", each term once: what {@link GroupStore#listed} matches a query against. */
    private String searchTerms(Wording text) {
        String all = text.name() + "\n" + (text.description() == null ? "" : text.description()) + "\n"
                + String.join(" ", text.tags());
        StringBuilder stored = new StringBuilder(" ");
        for (String term : terms.terms(all)) {
            if (stored.length() + term.length() + 1 > MAX_TERMS) {
                break;
            }
            stored.append(term).append(' ');
        }
        return stored.toString();
    }

    /**
     * A cover is a photo of the room's gallery (carried by a message, so it is not thrown away as an unsent upload)
     * that the owner or a manager uploaded.
     */
    private void requireCover(RoomState room, UUID cover) {
        RoomPhotos.Photo photo = photos.find(cover).orElseThrow(() ->
                new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "No photo " + cover));
        if (photo.roomId() != room.id() || photo.messageSeq() == null) {
            throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE,
                    "A cover must be a photo sent in this room (one of its gallery)");
        }
        if (!room.canManage(photo.uploaderId())) {
            throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "A cover must be a photo the owner or a manager sent");
        }
    }

    private static String name(String name) {
        String stripped = Text.require("name", name).strip();
        if (stripped.isEmpty()) {
            throw new InvalidField("name", "must not be blank");
        }
        if (stripped.length() > MAX_NAME) {
            throw new InvalidField("name", "must be at most " + MAX_NAME + " characters");
        }
        return stripped;
    }

    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String stripped = Text.require("description", description).strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_DESCRIPTION) {
            throw new InvalidField("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return stripped;
    }

    /** At most five, each 1-20 characters without spaces or commas, lower case, a leading '#' dropped, each once. */
    static List<String> tags(List<String> given) {
        if (given.size() > MAX_TAGS) {
            throw new InvalidField("tags", "must be at most " + MAX_TAGS);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : given) {
            tags.add(tag("tags", tag));
        }
        return List.copyOf(tags);
    }

    /** One tag as kept; refusals name {@code field}. */
    static String tag(String field, String given) {
        if (given == null) {
            throw new InvalidField(field, "must not hold null");
        }
        String tag = Text.require(field, given).strip();
        if (tag.startsWith("#")) {
            tag = tag.substring(1);
        }
        tag = tag.toLowerCase(Locale.ROOT);
        int length = tag.codePointCount(0, tag.length());
        if (length < 1 || length > MAX_TAG) {
            throw new InvalidField(field, "each must be 1 to " + MAX_TAG + " characters");
        }
        if (tag.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ',')) {
            throw new InvalidField(field, "must not contain spaces or commas");
        }
        return tag;
    }

    private int limit(int limit) {
        if (limit < 2 || limit > maxMembers) {
            throw new InvalidField("memberLimit", "must be between 2 and " + maxMembers);
        }
        return limit;
    }

    private static String password(String password) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidField("password", "must be at least " + MIN_PASSWORD + " characters and at most "
                    + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return password;
    }
}

package dev.moim.message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.ChatMessage;
import dev.moim.room.MessageStore;
import dev.moim.room.ReactionStore;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.view.HistoryMessage;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.Reactions;
import org.springframework.stereotype.Service;

/**
 * Members' reactions to messages, from a small fixed set of emojis. Each change runs on the room writer under the
 * room's lock: the message's counts are recounted from who reacted and stored on its row in the same transaction,
 * so two members reacting at once both count, on one node or several, and history reads the counts with the
 * message. The change reaches the room as a {@code reactions} event in its order.
 */
@Service
public class ReactionService {

    private static final int VARIATION_SELECTOR = 0xFE0F;

    private final RoomWriter writer;
    private final RoomDirectory rooms;
    private final MessageStore messages;
    private final ReactionStore reactions;
    private final RateLimits rateLimits;
    /** Each allowed emoji by itself without variation selectors, to the form it is listed (and stored) in. */
    private final Map<String, String> allowed = new HashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final String listed;

    public ReactionService(RoomWriter writer, RoomDirectory rooms, MessageStore messages, ReactionStore reactions,
                           RateLimits rateLimits, MoimProperties properties) {
        this.writer = writer;
        this.rooms = rooms;
        this.messages = messages;
        this.reactions = reactions;
        this.rateLimits = rateLimits;
        List<String> emojis = properties.reactions().emojis();
        for (int i = 0; i < emojis.size(); i++) {
            allowed.put(bare(emojis.get(i)), emojis.get(i));
            order.put(emojis.get(i), i);
        }
        this.listed = String.join(" ", emojis);
    }

    /** Adds the caller's {@code emoji} to the message ({@code add}) or takes it off; doing it twice is doing it once. */
    public CompletableFuture<ReactionViews.Mine> react(long userId, long roomId, long seq, String emoji, boolean add) {
        String reaction = known(emoji);
        rooms.member(roomId, userId);
        rateLimits.checkReaction(userId);
        return writer.run(outbox -> {
            // Locked first: reactions to this room's messages are counted one at a time, on whichever node.
            RoomState room = writer.lockRoom(outbox, roomId);
            ChatMessage message = visible(room, userId, seq);
            if (message.type() == MessageType.SYSTEM) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "System messages take no reactions");
            }
            if (message.deleted()) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A deleted message takes no reactions");
            }
            boolean changed = add ? reactions.add(roomId, seq, userId, reaction, Times.now())
                    : reactions.remove(roomId, seq, userId, reaction);
            Map<String, Integer> counts;
            if (changed) {
                counts = ordered(reactions.counts(roomId, seq));
                messages.setReactions(roomId, seq, Reactions.encode(counts));
                outbox.room(roomId, () -> new RoomEvent.ReactionsEvent(roomId, seq, counts, userId, reaction, add));
            } else {
                counts = Reactions.decode(message.reactions());
            }
            List<String> mine = new ArrayList<>(reactions.mine(roomId, seq, userId));
            mine.sort(Comparator.comparingInt(this::position));
            return new ReactionViews.Mine(roomId, seq, counts, mine);
        });
    }

    /** Who reacted to the message with each emoji (user ids, earliest first). */
    public Map<String, List<Long>> who(long userId, long roomId, long seq) {
        RoomState.Member member = rooms.member(roomId, userId);
        messages.find(roomId, seq)
                .filter(m -> m.seq() > member.joinedSeq())
                .orElseThrow(() -> notFound(roomId, seq));
        return ordered(reactions.who(roomId, seq));
    }

    /**
     * History as this member sees it: each message with the emojis they gave it. One query for the page, and
     * none when nobody reacted to anything on it.
     */
    public List<HistoryMessage> withMine(long roomId, long userId, List<MessageView> page) {
        Map<Long, List<String>> mine = page.stream().anyMatch(m -> !m.reactions().isEmpty())
                ? reactions.mine(roomId, page.getFirst().seq(), page.getLast().seq(), userId)
                : Map.of();
        return page.stream().map(m -> new HistoryMessage(m, m.reactions().isEmpty() ? List.of()
                : mine.getOrDefault(m.seq(), List.of()).stream().sorted(Comparator.comparingInt(this::position)).toList()))
                .toList();
    }

    /** The message, if the caller is a member who joined before it. */
    private ChatMessage visible(RoomState room, long userId, long seq) {
        RoomState.Member member = room.member(userId);
        if (member == null) {
            throw new MoimException(ErrorCode.NOT_A_MEMBER, "You are not a member of room " + room.id());
        }
        return messages.find(room.id(), seq)
                .filter(m -> m.seq() > member.joinedSeq())
                .orElseThrow(() -> notFound(room.id(), seq));
    }

    private static MoimException notFound(long roomId, long seq) {
        return new MoimException(ErrorCode.MESSAGE_NOT_FOUND, "No message " + seq + " in room " + roomId);
    }

    /** The emoji as listed in moim.reactions.emojis, or UNKNOWN_REACTION. */
    private String known(String emoji) {
        String listed = emoji == null ? null : allowed.get(bare(emoji));
        if (listed == null) {
            throw new MoimException(ErrorCode.UNKNOWN_REACTION, "A reaction is one of " + listed);
        }
        return listed;
    }

    private static String bare(String emoji) {
        StringBuilder bare = new StringBuilder();
        emoji.codePoints().filter(c -> c != VARIATION_SELECTOR).forEach(bare::appendCodePoint);
        return bare.toString();
    }

    /** In the order of moim.reactions.emojis; one no longer listed goes last. */
    private int position(String emoji) {
        return order.getOrDefault(emoji, Integer.MAX_VALUE);
    }

    private <V> Map<String, V> ordered(Map<String, V> byEmoji) {
        Map<String, V> ordered = new LinkedHashMap<>();
        byEmoji.keySet().stream().sorted(Comparator.comparingInt(this::position).thenComparing(Comparator.naturalOrder()))
                .forEach(emoji -> ordered.put(emoji, byEmoji.get(emoji)));
        return ordered;
    }
}

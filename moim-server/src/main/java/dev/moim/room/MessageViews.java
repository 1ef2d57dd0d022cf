package dev.moim.room;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.moim.user.UserDirectory;
import dev.moim.view.AttachmentView;
import dev.moim.view.Excerpts;
import dev.moim.view.Mentions;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.NoticeView;
import dev.moim.view.Reactions;
import dev.moim.view.ReplyQuote;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Component;

/**
 * Turns stored messages into what clients see, with the sender's name and the live unread count. A reply's quote is
 * read from its original when the view is built, so it shows the original as it is now; a message that answers
 * none costs nothing more than its row.
 */
@Component
public class MessageViews {

    private final UserDirectory users;
    private final MessageStore store;

    public MessageViews(UserDirectory users, MessageStore store) {
        this.users = users;
        this.store = store;
    }

    /** One message; a reply looks its original up (one indexed lookup). */
    public MessageView view(ChatMessage m, RoomState room) {
        ChatMessage original = quotes(m) ? store.find(m.roomId(), m.replyToSeq()).orElse(null) : null;
        return view(m, room, original);
    }

    /** One message whose original (for a reply) the caller has read already; null when it answers none. */
    public MessageView view(ChatMessage m, RoomState room, ChatMessage original) {
        return new MessageView(m.roomId(), m.seq(), m.id(), m.clientMsgId(),
                m.senderId() == null ? null : users.sender(m.senderId()),
                m.type(), m.content(), m.createdAt(), m.editedAt(), m.deleted(),
                room.unreadCount(m.seq(), m.senderId()),
                m.type() == MessageType.SYSTEM ? SystemNote.decode(m.meta()) : null,
                // A deleted message keeps no trace of what it carried (its files are on their way out).
                m.type().carriesFiles() && !m.deleted() ? AttachmentView.decode(m.meta()) : List.of(),
                m.type() == MessageType.TEXT && !m.deleted() ? Mentions.decode(m.meta()) : List.of(),
                quotes(m) ? quote(m.replyToSeq(), original) : null,
                m.deleted() ? Map.of() : Reactions.decode(m.reactions()));
    }

    /**
     * A page of one room's messages (in seq order): the originals of its replies are taken from the page when they
     * are on it, and looked up one by one otherwise.
     */
    public List<MessageView> views(List<ChatMessage> page, RoomState room) {
        Map<Long, ChatMessage> bySeq = new HashMap<>();
        page.forEach(m -> bySeq.put(m.seq(), m));
        return page.stream().map(m -> {
            if (!quotes(m)) {
                return view(m, room, null);
            }
            ChatMessage original = bySeq.computeIfAbsent(m.replyToSeq(),
                    seq -> store.find(m.roomId(), seq).orElse(null));
            return view(m, room, original);
        }).toList();
    }

    /** The room's notice as it is now. */
    public NoticeView notice(NoticeStore.Pinned pinned) {
        ChatMessage m = pinned.message();
        return new NoticeView(m.seq(), Excerpts.of(m.type(), m.content(), m.meta()), users.sender(pinned.pinnedBy()),
                pinned.pinnedAt());
    }

    /** A deleted reply quotes nothing, as it shows nothing else. */
    private static boolean quotes(ChatMessage m) {
        return m.replyToSeq() != null && !m.deleted();
    }

    private ReplyQuote quote(long seq, ChatMessage original) {
        if (original == null) {
            return new ReplyQuote(seq, null, null, null, true);
        }
        return new ReplyQuote(seq, original.senderId() == null ? null : users.sender(original.senderId()),
                original.type(), original.deleted() ? null : Excerpts.of(original.type(), original.content(), original.meta()),
                original.deleted());
    }
}

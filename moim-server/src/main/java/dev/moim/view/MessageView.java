package dev.moim.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A message as clients see it, in history and in live events alike. {@code unreadCount} is KakaoTalk's "1":
 * members who were in the room when it was sent and have not read up to it yet. {@code attachments} is empty but for
 * IMAGE and FILE messages; {@code mentions} names the members a TEXT message mentioned ({@code @nickname}), resolved
 * when it was sent. {@code replyTo} quotes the message this one answers, as that message is now (null when it answers
 * none); {@code reactions} counts each emoji members reacted with (empty when none).
 */
public record MessageView(long roomId, long seq, UUID id, String clientMsgId, Sender sender, MessageType type,
                          String content, Instant createdAt, Instant editedAt, boolean deleted, int unreadCount,
                          SystemNote system, List<AttachmentView> attachments, List<Long> mentions,
                          ReplyQuote replyTo, Map<String, Integer> reactions) {

    /** A message that answers none and has no reactions. */
    public MessageView(long roomId, long seq, UUID id, String clientMsgId, Sender sender, MessageType type,
                       String content, Instant createdAt, Instant editedAt, boolean deleted, int unreadCount,
                       SystemNote system, List<AttachmentView> attachments, List<Long> mentions) {
        this(roomId, seq, id, clientMsgId, sender, type, content, createdAt, editedAt, deleted, unreadCount, system,
                attachments, mentions, null, Map.of());
    }

    /**
     * This message as a member who joined the room at {@code joinedSeq} may see it: a reply to a message from before
     * they joined quotes only its seq.
     */
    public MessageView seenFrom(long joinedSeq) {
        if (replyTo == null || replyTo.seq() > joinedSeq) {
            return this;
        }
        return new MessageView(roomId, seq, id, clientMsgId, sender, type, content, createdAt, editedAt, deleted,
                unreadCount, system, attachments, mentions, ReplyQuote.hidden(replyTo.seq()), reactions);
    }
}

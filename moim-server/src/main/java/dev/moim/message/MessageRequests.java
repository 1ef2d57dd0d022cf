package dev.moim.message;

import java.util.List;
import java.util.UUID;

import dev.moim.view.HistoryMessage;

/** Bodies of message calls, shared by REST and STOMP. Validated by {@link MessageService}, so both get the same errors. */
public final class MessageRequests {

    private MessageRequests() {
    }

    /**
     * {@code type} defaults to TEXT. {@code clientMsgId} (up to 64 characters) makes a resend safe. An IMAGE or FILE
     * message names its uploads in {@code attachmentIds} (in album order) and may leave {@code content}, its caption,
     * out. {@code replyToSeq} makes it a reply to the message at that seq in the room.
     */
    public record Send(String clientMsgId, String type, String content, List<UUID> attachmentIds, Long replyToSeq) {
    }

    public record Edit(String content) {
    }

    public record Read(Long seq) {
    }

    /** {@code typing} true while composing; clients repeat it every few seconds and send false when done. */
    public record Typing(Boolean typing) {
    }

    /**
     * A page of history in ascending seq. {@code hasMore} says whether more lie beyond the page in the direction
     * asked (older for the newest page or {@code beforeSeq}, newer for {@code afterSeq}). Each message carries the
     * caller's own reactions.
     */
    public record Page(List<HistoryMessage> messages, boolean hasMore) {
    }
}

package dev.moim.view;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as clients see it, in history and in live events alike. {@code unreadCount} is KakaoTalk's "1":
 * members who were in the room when it was sent and have not read up to it yet. {@code attachments} is empty but for
 * IMAGE and FILE messages; {@code mentions} names the members a TEXT message mentioned ({@code @nickname}), resolved
 * when it was sent.
 */
public record MessageView(long roomId, long seq, UUID id, String clientMsgId, Sender sender, MessageType type,
                          String content, Instant createdAt, Instant editedAt, boolean deleted, int unreadCount,
                          SystemNote system, List<AttachmentView> attachments, List<Long> mentions) {
}

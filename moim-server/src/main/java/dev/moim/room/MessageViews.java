package dev.moim.room;

import dev.moim.room.RoomState;
import dev.moim.user.UserDirectory;
import java.util.List;

import dev.moim.view.AttachmentView;
import dev.moim.view.Mentions;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Component;

/** Turns stored messages into what clients see, with the sender's name and the live unread count. */
@Component
public class MessageViews {

    private final UserDirectory users;

    public MessageViews(UserDirectory users) {
        this.users = users;
    }

    public MessageView view(ChatMessage m, RoomState room) {
        return new MessageView(m.roomId(), m.seq(), m.id(), m.clientMsgId(),
                m.senderId() == null ? null : users.sender(m.senderId()),
                m.type(), m.content(), m.createdAt(), m.editedAt(), m.deleted(),
                room.unreadCount(m.seq(), m.senderId()),
                m.type() == MessageType.SYSTEM ? SystemNote.decode(m.meta()) : null,
                // A deleted message keeps no trace of what it carried (its files are on their way out).
                carriesFiles(m.type()) && !m.deleted() ? AttachmentView.decode(m.meta()) : List.of(),
                m.type() == MessageType.TEXT && !m.deleted() ? Mentions.decode(m.meta()) : List.of());
    }

    private static boolean carriesFiles(MessageType type) {
        return type == MessageType.IMAGE || type == MessageType.FILE;
    }
}

package dev.moim.bus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.view.AccountView;
import dev.moim.view.JoinPolicy;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.NoticeView;
import dev.moim.view.NotificationView;
import dev.moim.view.ReplyQuote;
import dev.moim.view.RoomSettings;
import dev.moim.view.RoomSummary;
import dev.moim.view.RoomType;
import dev.moim.view.Sender;
import dev.moim.view.SystemNote;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event a node publishes reads back on another node as the same event. */
class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private static final Instant AT = Instant.parse("2026-11-30T09:00:00.123456Z");
    private static final MessageView TEXT = new MessageView(7, 42, UUID.randomUUID(), "c-1", new Sender(3, "민지", UUID.randomUUID()),
            MessageType.TEXT, "안녕하세요 👋", AT, null, false, 2, null, List.of(), List.of(4L));
    private static final MessageView NOTE = new MessageView(7, 43, UUID.randomUUID(), null, null, MessageType.SYSTEM,
            "민지 invited 서준", AT, null, false, 0, new SystemNote("JOINED", 3L, List.of(4L, 5L), 18), List.of(), List.of());

    /** A reply with reactions, counted in the order of the reaction set. */
    private static final MessageView REPLY = new MessageView(7, 44, UUID.randomUUID(), "c-2", TEXT.sender(), MessageType.TEXT,
            "좋아요", AT, null, false, 1, null, List.of(), List.of(),
            new ReplyQuote(42, TEXT.sender(), MessageType.TEXT, "안녕하세요 👋", false), counts("❤️", 1, "👍", 2));

    private static Map<String, Integer> counts(String first, int n, String second, int m) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(first, n);
        counts.put(second, m);
        return counts;
    }

    @Test
    void everyRoomEventTravelsUnchanged() {
        List<RoomEvent> events = List.of(
                RoomEvent.MessageEvent.posted(TEXT, 40),
                RoomEvent.MessageEvent.posted(NOTE),
                RoomEvent.MessageEvent.edited(new MessageView(7, 42, TEXT.id(), "c-1", TEXT.sender(), MessageType.TEXT,
                        "고침", AT, AT.plusSeconds(5), false, 1, null, List.of(), List.of())),
                RoomEvent.MessageEvent.deleted(new MessageView(7, 42, TEXT.id(), "c-1", TEXT.sender(), MessageType.TEXT,
                        null, AT, null, true, 1, null, List.of(), List.of())),
                new RoomEvent.ReadEvent(7, 3, 40, 43),
                new RoomEvent.MembersEvent(7, "kicked", List.of(5L), 3L),
                new RoomEvent.MembersEvent(8, "left", List.of(9L), null),
                new RoomEvent.PresenceEvent(7, List.of(new RoomEvent.PresenceChange(4, true, null),
                        new RoomEvent.PresenceChange(5, false, AT))),
                new RoomEvent.TypingEvent(7, 4, "서준", true),
                new RoomEvent.ResyncEvent(7),
                RoomEvent.MessageEvent.posted(REPLY, 43),
                RoomEvent.MessageEvent.edited(new MessageView(7, 44, REPLY.id(), "c-2", TEXT.sender(), MessageType.TEXT,
                        "좋아요!", AT, AT, false, 0, null, List.of(), List.of(), ReplyQuote.hidden(42), Map.of())),
                RoomEvent.MessageEvent.posted(new MessageView(7, 45, UUID.randomUUID(), null, null, MessageType.SYSTEM,
                        "민지 pinned a notice", AT, null, false, 1, SystemNote.about("NOTICE_PINNED", 3, 42), List.of(), List.of())),
                new RoomEvent.ReactionsEvent(7, 42, counts("👍", 2, "😂", 1), 4, "😂", true),
                new RoomEvent.ReactionsEvent(7, 42, Map.of(), 4, "👍", false),
                new RoomEvent.NoticeEvent(7, "pinned", new NoticeView(42, "안녕하세요 👋", TEXT.sender(), AT), 3),
                new RoomEvent.NoticeEvent(7, "unpinned", null, 3),
                new RoomEvent.MembersEvent(7, "manager_added", List.of(4L), 3L),
                new RoomEvent.RoomUpdated(7, new RoomSettings("산악회", null, List.of("등산"), null, JoinPolicy.OPEN, true, 30),
                        List.of("joinPolicy", "password"), 3),
                new RoomEvent.DuesEvent(7, "2026-11-01", 4, true),
                new RoomEvent.AccountEvent(7, new AccountView(21, "GROUP", null, 7L, "KRW", 0, 150_000, AT, false, null)));
        for (RoomEvent event : events) {
            EventCodec.Envelope sent = EventCodec.Envelope.ofRoom("node-a", event);
            assertThat(codec.decode(codec.encode(sent))).as(event.type()).isEqualTo(sent);
        }
        EventCodec.Envelope commit = EventCodec.Envelope.ofCommit("node-a", new RoomCommit(7, 12,
                events.stream().filter(e -> e.roomId() == 7).toList()));
        assertThat(codec.decode(codec.encode(commit))).isEqualTo(commit);
    }

    @Test
    void everyUserEventTravelsUnchanged() {
        RoomSummary summary = new RoomSummary(7, RoomType.DIRECT, null, null, null, 2, 43, 40, 3, AT, TEXT,
                new RoomSummary.Peer(4, "서준", true, UUID.randomUUID()), null, null, List.of(), null, false, List.of(), "MEMBER");
        RoomSummary group = new RoomSummary(8, RoomType.GROUP, "산악회", 3L, 50, 12, 43, 40, 3, AT, TEXT, null,
                JoinPolicy.REQUEST, "주말마다 북한산", List.of("등산", "hiking"), UUID.randomUUID(), true, List.of(4L, 5L), "MANAGER");
        List<UserEvent> events = List.of(new UserEvent.RoomAdded(summary), new UserEvent.RoomAdded(group),
                new UserEvent.RoomRemoved(7, "kicked"), new UserEvent.RoomRemoved(8, "banned"),
                new UserEvent.ApplicationEvent("submitted", 8, "산악회", TEXT.sender(), "같이 가고 싶어요", AT, null),
                new UserEvent.ApplicationEvent("approved", 8, "산악회", TEXT.sender(), null, AT, new Sender(4, "서준", null)),
                new UserEvent.ErrorEvent("NOT_A_MEMBER", "You are not a member of room 7", "/app/rooms/7/send", "r-1", "c-9"),
                new UserEvent.NotificationEvent(new NotificationView(11, "MENTION", TEXT.sender(), 7L, 42L, "@준 안녕", AT, false), 3),
                new UserEvent.NotificationsRead(11L, 2), new UserEvent.NotificationsRead(null, 0),
                new UserEvent.FriendEvent("request_received", TEXT.sender()),
                new UserEvent.FriendsPresence(List.of(new RoomEvent.PresenceChange(3, false, AT))),
                new UserEvent.WalletEvent(new AccountView(20, "WALLET", 3L, null, "KRW", 0, 9_000, AT, false, true)));
        for (UserEvent event : events) {
            EventCodec.Envelope sent = EventCodec.Envelope.ofUser("node-b", 3, event);
            assertThat(codec.decode(codec.encode(sent))).as(event.type()).isEqualTo(sent);
        }
    }

    @Test
    void everyNoticeTravelsUnchanged() {
        for (NodeNotice notice : List.<NodeNotice>of(new NodeNotice.UserChanged(3),
                new NodeNotice.SessionEnded(3, UUID.randomUUID()))) {
            EventCodec.Envelope sent = EventCodec.Envelope.ofNotice("node-c", notice);
            assertThat(codec.decode(codec.encode(sent))).isEqualTo(sent);
        }
    }

    @Test
    void reactionCountsKeepTheirOrderOnTheWire() {
        RoomEvent event = new RoomEvent.ReactionsEvent(7, 42, counts("😮", 1, "👍", 3), 4, "😮", true);
        String wire = new String(codec.encode(EventCodec.Envelope.ofRoom("node-a", event)), StandardCharsets.UTF_8);
        assertThat(wire).isEqualTo("{\"origin\":\"node-a\",\"room\":{\"type\":\"reactions\",\"roomId\":7,\"seq\":42,"
                + "\"counts\":{\"😮\":1,\"👍\":3},\"userId\":4,\"emoji\":\"😮\",\"added\":true}}");
        RoomEvent.ReactionsEvent read = (RoomEvent.ReactionsEvent) codec.decode(wire.getBytes(StandardCharsets.UTF_8)).room();
        assertThat(read.counts().keySet()).containsExactly("😮", "👍");
    }

    @Test
    void theWireIsTheClientsJsonInAnEnvelope() {
        String wire = new String(codec.encode(EventCodec.Envelope.ofRoom("node-a", new RoomEvent.ReadEvent(7, 3, 40, 43))),
                StandardCharsets.UTF_8);
        assertThat(wire).isEqualTo("{\"origin\":\"node-a\",\"room\":{\"type\":\"read\",\"roomId\":7,\"userId\":3,"
                + "\"fromSeq\":40,\"seq\":43}}");
    }

    @Test
    void whatIsNotAnEnvelopeIsRefused() {
        for (String bad : List.of("", "not json", "{\"origin\":\"a\"}",
                "{\"origin\":\"a\",\"room\":{\"type\":\"launch_missiles\",\"roomId\":7}}",
                "{\"origin\":\"a\",\"commit\":{\"roomId\":7,\"version\":3,\"events\":[{\"type\":\"resync\",\"roomId\":8}]}}",
                "{\"origin\":\"a\",\"room\":{\"type\":\"read\",\"roomId\":7,\"userId\":3,\"fromSeq\":1,\"seq\":2},"
                        + "\"userId\":3,\"user\":{\"type\":\"room_removed\",\"roomId\":7,\"reason\":\"left\"}}")) {
            assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package dev.moim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RoomEventsTest {

    private final RoomEvents events = new RoomEvents(JsonMapper.builder().build());

    @Test
    void readsTheMessageOfAMessageEventWhateverTheFieldOrder() {
        String body = """
                {"type":"message","roomId":1,"message":{"roomId":1,"seq":3,"id":"01a2","clientMsgId":"c",
                 "sender":{"id":1,"nickname":"Alice"},"type":"TEXT","content":"Saturday, 9 am?",
                 "createdAt":"2026-11-23T03:43:50.653813Z","editedAt":null,"deleted":false,"unreadCount":1,
                 "system":{"event":"CREATED","actorId":1,"userIds":[2]}}}""";
        String typeLast = "{\"message\":{\"content\":\"x\",\"seq\":9,\"roomId\":4},\"roomId\":4,\"type\":\"message\"}";

        assertThat(events.posted(body)).isEqualTo(new RoomEvents.Posted(1, 3, "Saturday, 9 am?"));
        assertThat(events.posted(typeLast)).isEqualTo(new RoomEvents.Posted(4, 9, "x"));
    }

    @Test
    void otherEventsAreNotPostedMessages() {
        assertThat(events.posted("{\"type\":\"read\",\"roomId\":1,\"userId\":2,\"fromSeq\":2,\"seq\":4}")).isNull();
        assertThat(events.posted("{\"type\":\"message_edited\",\"roomId\":1,\"message\":{\"roomId\":1,\"seq\":1,\"content\":\"x\"}}")).isNull();
        assertThat(events.posted("{\"type\":\"presence\",\"roomId\":1,\"users\":[{\"userId\":1,\"online\":false}]}")).isNull();
    }

    @Test
    void otherEventsAreCountedByTypeAndPresenceByTheMembersItNames() {
        assertThat(events.other("{\"type\":\"presence\",\"roomId\":1,\"users\":[{\"userId\":1,\"online\":true},"
                + "{\"userId\":2,\"online\":false,\"lastSeenAt\":\"2026-11-30T07:00:00Z\"}]}"))
                .isEqualTo(new RoomEvents.Other("presence", 2));
        assertThat(events.other("{\"type\":\"typing\",\"roomId\":1,\"userId\":2,\"nickname\":\"B\",\"typing\":true}"))
                .isEqualTo(new RoomEvents.Other("typing", 0));
        assertThat(events.other("not json")).isNull();
        assertThat(events.other("{\"roomId\":1}")).isNull();
    }

    @Test
    void aDeletedMessageHasNoContent() {
        assertThat(events.posted("{\"type\":\"message\",\"message\":{\"roomId\":2,\"seq\":5,\"content\":null}}"))
                .isEqualTo(new RoomEvents.Posted(2, 5, null));
    }
}

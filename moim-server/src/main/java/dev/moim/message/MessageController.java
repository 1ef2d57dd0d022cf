package dev.moim.message;

import java.time.Duration;

import dev.moim.common.AuthUser;
import dev.moim.common.Futures;
import dev.moim.config.MoimProperties;
import dev.moim.room.RoomWriter;
import dev.moim.view.MessageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms/{roomId}")
@Tag(name = "messages", description = "History, sending, read marks")
class MessageController {

    private final MessageService messages;
    private final Duration timeout;

    MessageController(MessageService messages, MoimProperties properties) {
        this.messages = messages;
        this.timeout = properties.messages().writeTimeout();
    }

    @GetMapping("/messages")
    @Operation(summary = "History in ascending seq",
            description = "Without afterSeq: the newest page, or the page before beforeSeq. With afterSeq: what came after it. "
                    + "With aroundSeq (alone): the page with that seq in its middle, e.g. to show a search hit.")
    MessageRequests.Page history(AuthUser user, @PathVariable long roomId,
                                 @RequestParam(required = false) Long afterSeq,
                                 @RequestParam(required = false) Long beforeSeq,
                                 @RequestParam(required = false) Long aroundSeq,
                                 @RequestParam(required = false) Integer limit) {
        return messages.history(user.id(), roomId, afterSeq, beforeSeq, aroundSeq, limit);
    }

    @PostMapping("/messages")
    @Operation(summary = "Send a message",
            description = "201 once committed. A resend with the same clientMsgId returns the original with 200.")
    ResponseEntity<MessageView> send(AuthUser user, @PathVariable long roomId, @RequestBody MessageRequests.Send request) {
        RoomWriter.SendResult result = Futures.await(messages.send(user.id(), roomId, request), timeout);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.message());
    }

    @PatchMapping("/messages/{seq}")
    @Operation(summary = "Edit your own message")
    MessageView edit(AuthUser user, @PathVariable long roomId, @PathVariable long seq,
                     @RequestBody MessageRequests.Edit request) {
        return Futures.await(messages.edit(user.id(), roomId, seq, request), timeout);
    }

    @DeleteMapping("/messages/{seq}")
    @Operation(summary = "Delete a message", description = "The sender, or a group's owner. Leaves a tombstone.")
    MessageView delete(AuthUser user, @PathVariable long roomId, @PathVariable long seq) {
        return Futures.await(messages.delete(user.id(), roomId, seq), timeout);
    }

    @PostMapping("/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark read up to seq", description = "The read position only moves forward")
    void read(AuthUser user, @PathVariable long roomId, @RequestBody MessageRequests.Read request) {
        Futures.await(messages.markRead(user.id(), roomId, request == null ? null : request.seq()), timeout);
    }
}

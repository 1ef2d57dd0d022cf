package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

import dev.moim.common.AuthUser;
import dev.moim.view.AttachmentView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "files", description = "Photos and files in rooms")
class AttachmentController {

    private final AttachmentService attachments;
    private final Downloads downloads;

    AttachmentController(AttachmentService attachments, Downloads downloads) {
        this.attachments = attachments;
        this.downloads = downloads;
    }

    @PostMapping("/rooms/{roomId}/attachments")
    @Operation(summary = "Upload a photo or file to a room",
            description = "The body is the file's bytes (any Content-Type; the type is read from the bytes). `name` is "
                    + "the file's name as people will see it. `kind` IMAGE insists on a photo (JPEG, PNG, GIF, WebP), "
                    + "FILE keeps the bytes as they are; without it a photo becomes IMAGE and anything else FILE. "
                    + "Photos lose their metadata (GPS, camera) and get a thumbnail. An `Idempotency-Key` makes a "
                    + "retry return the first upload (200) instead of storing it twice (201). Then send a message of "
                    + "type IMAGE or FILE with `attachmentIds`.")
    ResponseEntity<AttachmentView> upload(AuthUser user, @PathVariable long roomId, @RequestParam String name,
                                          @RequestParam(required = false) String kind,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                          HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            AttachmentService.Uploaded uploaded = attachments.upload(user.id(), roomId, name, kind, key,
                    request.getContentLengthLong(), body);
            return ResponseEntity.status(uploaded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(uploaded.attachment());
        }
    }

    @GetMapping("/attachments/{attachmentId}")
    @Operation(summary = "Download a photo or file",
            description = "For members who can see the message that carries it (and its uploader before that). "
                    + "Supports a single byte range (Range: bytes=a-b) and If-None-Match.")
    void download(AuthUser user, @PathVariable UUID attachmentId, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        downloads.send(attachments.download(user.id(), attachmentId, false), request, response);
    }

    @GetMapping("/attachments/{attachmentId}/thumbnail")
    @Operation(summary = "A photo's thumbnail (at most 480 x 480)")
    void thumbnail(AuthUser user, @PathVariable UUID attachmentId, HttpServletRequest request,
                   HttpServletResponse response) throws IOException {
        downloads.send(attachments.download(user.id(), attachmentId, true), request, response);
    }

    @GetMapping("/rooms/{roomId}/cover")
    @Operation(summary = "A group's cover photo",
            description = "For its members, and for anyone signed in when the room is in the directory (OPEN or REQUEST)")
    void cover(AuthUser user, @PathVariable long roomId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        downloads.send(attachments.cover(user.id(), roomId, false), request, response);
    }

    @GetMapping("/rooms/{roomId}/cover/thumbnail")
    @Operation(summary = "A group's cover photo, as a thumbnail (at most 480 x 480)")
    void coverThumbnail(AuthUser user, @PathVariable long roomId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        downloads.send(attachments.cover(user.id(), roomId, true), request, response);
    }

    @GetMapping("/rooms/{roomId}/attachments")
    @Operation(summary = "A room's photos or files, newest first",
            description = "kind IMAGE (default) or FILE; page back with beforeSeq (the last item's seq); limit 1-100. "
                    + "Only from messages after the caller joined.")
    AttachmentService.Gallery gallery(AuthUser user, @PathVariable long roomId,
                                      @RequestParam(required = false) String kind,
                                      @RequestParam(required = false) Long beforeSeq,
                                      @RequestParam(required = false) Integer limit) {
        return attachments.gallery(user.id(), roomId, kind, beforeSeq, limit);
    }
}

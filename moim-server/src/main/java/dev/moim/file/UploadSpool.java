package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.springframework.stereotype.Component;

/**
 * Where uploads wait while they are checked: {@code <data-dir>/uploads}, emptied at start (whatever is there was left
 * by a process that died mid-upload). A body is written here as it arrives and counted, so an upload that runs past
 * its limit is cut off there, whatever length it declared.
 */
@Component
public class UploadSpool {

    private final Path directory;

    public UploadSpool(MoimProperties properties) throws IOException {
        this.directory = properties.dataDir().resolve("uploads");
        Files.createDirectories(directory);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    Path directory() {
        return directory;
    }

    /** Copies the body into a new file here; more than {@code limit} bytes fails with {@code tooLarge}, empty with EMPTY_FILE. */
    Path receive(InputStream body, long limit, Supplier<MoimException> tooLarge) {
        Path file = directory.resolve(UUID.randomUUID() + ".upload");
        boolean kept = false;
        boolean reading = true;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = body.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) {
                    throw tooLarge.get();
                }
                reading = false;
                out.write(buffer, 0, n);
                reading = true;
            }
            if (total == 0) {
                throw new MoimException(ErrorCode.EMPTY_FILE, "The file is empty");
            }
            kept = true;
            return file;
        } catch (IOException e) {
            // Either way nothing is kept.
            throw reading ? new MoimException(ErrorCode.MALFORMED_REQUEST, "The upload did not arrive whole")
                    : new MoimException(ErrorCode.SERVER_BUSY, "The upload could not be written; try again shortly");
        } finally {
            if (!kept) {
                AttachmentService.deleteQuietly(file);
            }
        }
    }
}

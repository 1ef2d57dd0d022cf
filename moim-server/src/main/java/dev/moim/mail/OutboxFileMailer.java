package dev.moim.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default when no SMTP server is configured: each mail is written to the log and appended to
 * {@code <data-dir>/mail/outbox.log}, so that someone running Moim on their own machine can still read a code and
 * finish signing up. The file holds live codes, so only its owner may read it.
 */
class OutboxFileMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(OutboxFileMailer.class);

    private final Path file;
    private final String from;

    OutboxFileMailer(Path dataDir, String from) {
        this.file = dataDir.resolve("mail").resolve("outbox.log");
        this.from = from;
    }

    Path file() {
        return file;
    }

    @Override
    public void deliver(OutgoingMail mail) {
        String text = "=== " + Instant.now() + "\nFrom: " + from + "\nTo: " + mail.to() + "\nSubject: " + mail.subject()
                + "\n\n" + mail.body() + "\n\n";
        log.info("No SMTP server is configured (spring.mail.host); this mail is kept in {}:\n{}", file, text);
        append(text);
    }

    private synchronized void append(String text) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.createFile(file);
                if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
                }
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the mail to " + file, e);
        }
    }
}

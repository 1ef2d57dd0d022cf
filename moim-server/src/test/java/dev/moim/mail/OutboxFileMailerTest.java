package dev.moim.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded adapter: mail goes to {@code <data-dir>/mail/outbox.log}, where only the file's owner can read it. */
class OutboxFileMailerTest extends MailerContract {

    private final Path dataDir = Path.of("target", "test-data", "mail-" + UUID.randomUUID()).toAbsolutePath();
    private final OutboxFileMailer mailer = new OutboxFileMailer(dataDir, FROM);

    @Override
    Mailer mailer() {
        return mailer;
    }

    /** Parses the outbox file back into mails: each starts with a "===" line, then headers, a blank line, the body. */
    @Override
    List<Read> receivedBy(String address, int atLeast) {
        String text;
        try {
            text = Files.readString(dataDir.resolve("mail").resolve("outbox.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Read> mails = new ArrayList<>();
        for (String entry : text.split("(?m)^=== .*\\n")) {
            if (entry.isBlank()) {
                continue;
            }
            int blank = entry.indexOf("\n\n");
            String from = null;
            String to = null;
            String subject = null;
            for (String line : entry.substring(0, blank).split("\n")) {
                if (line.startsWith("From: ")) {
                    from = line.substring(6);
                } else if (line.startsWith("To: ")) {
                    to = line.substring(4);
                } else if (line.startsWith("Subject: ")) {
                    subject = line.substring(9);
                }
            }
            if (address.equals(to)) {
                mails.add(new Read(from, to, subject, entry.substring(blank + 2)));
            }
        }
        return mails;
    }

    @Test
    void theOutboxIsReadableByItsOwnerOnly() throws IOException {
        mailer.deliver(new OutgoingMail("owner@example.com", "code", "123456"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mailer.file()))).isEqualTo("rw-------");
    }
}

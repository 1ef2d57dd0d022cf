package dev.moim.mail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import dev.moim.config.MoimProperties;
import dev.moim.support.TestMailServer;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The SMTP adapter against a real SMTP server (GreenMail) in this JVM. */
class SmtpMailerTest extends MailerContract {

    private final SmtpMailer mailer = new SmtpMailer(sender(TestMailServer.port()), FROM);

    @Override
    Mailer mailer() {
        return mailer;
    }

    @Override
    List<Read> receivedBy(String address, int atLeast) {
        await().atMost(TestMailServer.WAIT).until(() -> TestMailServer.mailsTo(address).size() >= atLeast);
        return TestMailServer.mailsTo(address).stream()
                .map(m -> new Read(m.from(), String.join(",", m.to()), m.subject(), m.body())).toList();
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties timeouts = new Properties();
        timeouts.put("mail.smtp.connectiontimeout", "2000");
        timeouts.put("mail.smtp.timeout", "2000");
        sender.setJavaMailProperties(timeouts);
        return sender;
    }

    @Test
    void aServerThatIsDownFailsTheDeliveryButNeverTheOneWhoQueuedIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmtpMailer down = new SmtpMailer(sender(closedPort), FROM);
        assertThatThrownBy(() -> down.deliver(new OutgoingMail("a@example.com", "s", "b"))).isInstanceOf(MailException.class);

        // Through the queue the failure is logged on a sender thread; the caller is back at once either way.
        MoimProperties properties = new MoimProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
                new MoimProperties.Mail(FROM, 1, 10), null, null, null, null);
        MailQueue queue = new MailQueue(down, properties);
        try {
            queue.send(new OutgoingMail("b@example.com", "s", "b"));
            // A working adapter behind the same queue still delivers after the failure.
            MailQueue working = new MailQueue(mailer, properties);
            working.send(new OutgoingMail("after-failure@example.com", "still sent", "본문"));
            assertThat(receivedBy("after-failure@example.com", 1)).extracting(Read::subject).contains("still sent");
            working.destroy();
        } finally {
            queue.destroy();
        }
    }
}

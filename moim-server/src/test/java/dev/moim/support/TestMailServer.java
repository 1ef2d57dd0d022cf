package dev.moim.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import static org.awaitility.Awaitility.await;

/**
 * One real SMTP server (GreenMail) for the whole test run, on a loopback port of its own, started on first use and
 * stopped with the JVM. Tests read what arrived for their own (unique) addresses, so they never see each other's mail.
 */
public final class TestMailServer {

    public static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    private TestMailServer() {
    }

    private static final class Holder {
        static final GreenMail SERVER = start();

        private static GreenMail start() {
            GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        }
    }

    public static int port() {
        return Holder.SERVER.getSmtp().getPort();
    }

    /** A mail as its reader sees it: headers decoded, the body as text. */
    public record Mail(String from, List<String> to, String subject, String body) {

        /** The six-digit code in the body. */
        public String code() {
            Matcher matcher = CODE.matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("No code in the mail: " + body);
            }
            return matcher.group(1);
        }
    }

    /** Every mail that has arrived for the address, oldest first. */
    public static List<Mail> mailsTo(String address) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : Holder.SERVER.getReceivedMessages()) {
            Mail mail = read(message);
            if (mail.to().contains(address)) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** Waits until the address has received {@code count} mails, and returns the last. */
    public static Mail awaitMail(String address, int count) {
        await().atMost(WAIT).until(() -> mailsTo(address).size() >= count);
        return mailsTo(address).get(count - 1);
    }

    private static Mail read(MimeMessage message) {
        try {
            List<String> to = Arrays.stream(message.getAllRecipients() == null ? new Address[0] : message.getAllRecipients())
                    .map(a -> ((InternetAddress) a).getAddress()).toList();
            String from = ((InternetAddress) message.getFrom()[0]).toUnicodeString();
            return new Mail(from, to, message.getSubject(), message.getContent().toString());
        } catch (MessagingException | java.io.IOException e) {
            throw new AssertionError("Cannot read a received mail", e);
        }
    }
}

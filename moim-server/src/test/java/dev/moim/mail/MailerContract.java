package dev.moim.mail;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Mailer} adapter must do, read back from where the adapter really puts mail (an SMTP server's
 * mailbox, the outbox file): the mail reaches its address whole, Korean and English alike, from Moim's address, and
 * each address gets only its own mail.
 */
abstract class MailerContract {

    static final String FROM = "Moim <no-reply@moim.test>";

    /** A mail as the person reading it sees it. */
    record Read(String from, String to, String subject, String body) {
    }

    abstract Mailer mailer();

    /** Every mail the address has received, oldest first, waiting a moment for one to arrive. */
    abstract List<Read> receivedBy(String address, int atLeast);

    private static String address() {
        return "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void aMailInKoreanAndEnglishArrivesWholeFromMoimsAddress() {
        String to = address();
        String body = "인증 코드: 123456\n이 코드는 3분 동안 유효합니다.\n\nYour code: 123456\nIt is valid for 3 minutes.\n";
        mailer().deliver(new OutgoingMail(to, "[Moim] 이메일 인증 코드 / Email verification code", body));

        List<Read> mails = receivedBy(to, 1);
        assertThat(mails).hasSize(1);
        Read mail = mails.getFirst();
        assertThat(mail.to()).isEqualTo(to);
        assertThat(mail.from()).isEqualTo(FROM);
        assertThat(mail.subject()).isEqualTo("[Moim] 이메일 인증 코드 / Email verification code");
        assertThat(mail.body().replace("\r\n", "\n").strip()).isEqualTo(body.strip());
    }

    @Test
    void eachAddressGetsItsOwnMailsInOrder() {
        String first = address();
        String second = address();
        mailer().deliver(new OutgoingMail(first, "one", "첫 번째"));
        mailer().deliver(new OutgoingMail(second, "two", "두 번째"));
        mailer().deliver(new OutgoingMail(first, "three", "세 번째"));

        assertThat(receivedBy(first, 2)).extracting(Read::subject).containsExactly("one", "three");
        assertThat(receivedBy(second, 1)).extracting(Read::body).map(String::strip).containsExactly("두 번째");
    }
}

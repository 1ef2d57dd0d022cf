package dev.moim.mail;

/**
 * Hands a mail over for delivery: to an SMTP server ({@link SmtpMailer}) or, when none is configured, to the log and a
 * file in the data directory ({@link OutboxFileMailer}). Synchronous and allowed to fail; callers go through
 * {@link MailQueue}, which runs it off the request threads and logs what fails.
 */
public interface Mailer {

    void deliver(OutgoingMail mail);
}

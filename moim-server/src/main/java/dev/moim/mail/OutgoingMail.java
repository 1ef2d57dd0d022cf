package dev.moim.mail;

/** One plain-text mail to one address. Moim's mails carry Korean and English in the same subject and body. */
public record OutgoingMail(String to, String subject, String body) {
}

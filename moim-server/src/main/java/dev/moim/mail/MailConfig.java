package dev.moim.mail;

import dev.moim.config.MoimProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * SMTP when Spring Boot has configured a mail sender (it does when {@code spring.mail.host} is set), else the
 * embedded outbox file.
 */
@Configuration
class MailConfig {

    @Bean
    Mailer mailer(ObjectProvider<JavaMailSender> smtp, MoimProperties properties) {
        JavaMailSender sender = smtp.getIfAvailable();
        String from = properties.mail().from();
        return sender != null ? new SmtpMailer(sender, from) : new OutboxFileMailer(properties.dataDir(), from);
    }
}

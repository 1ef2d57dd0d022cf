package dev.moim.mail;

import dev.moim.config.MoimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(MailConfig.class);

    @Bean
    Mailer mailer(ObjectProvider<JavaMailSender> smtp, MoimProperties properties) {
        JavaMailSender sender = smtp.getIfAvailable();
        String from = properties.mail().from();
        if (sender != null) {
            return new SmtpMailer(sender, from);
        }
        OutboxFileMailer outbox = new OutboxFileMailer(properties.dataDir(), from);
        log.info("No SMTP server is configured (spring.mail.host): mail, with its codes, goes to the log and {}", outbox.file());
        return outbox;
    }
}

package dev.moim.mail;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.moim.config.MoimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Sends mail on a few threads of its own, so that a slow or unreachable SMTP server never holds up a REST call. A
 * mail that fails, or finds the queue full, is logged and dropped: the person asks for a new code.
 */
@Component
public class MailQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailQueue.class);

    private final Mailer mailer;
    private final ThreadPoolExecutor senders;

    public MailQueue(Mailer mailer, MoimProperties properties) {
        this.mailer = mailer;
        MoimProperties.Mail settings = properties.mail();
        int threads = Math.max(1, settings.senderThreads());
        CustomizableThreadFactory factory = new CustomizableThreadFactory("moim-mail-");
        factory.setDaemon(true);
        this.senders = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity())), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the mail and returns at once. */
    public void send(OutgoingMail mail) {
        try {
            senders.execute(() -> deliver(mail));
        } catch (RejectedExecutionException full) {
            log.warn("The mail queue is full; a mail to {} was dropped", mail.to());
        }
    }

    private void deliver(OutgoingMail mail) {
        try {
            mailer.deliver(mail);
        } catch (RuntimeException e) {
            log.warn("A mail to {} could not be sent: {}", mail.to(), e.toString());
        }
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}

package dev.moim.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Runs BCrypt (tens of milliseconds of pure CPU each) on a few platform threads with a bounded queue.
 * REST calls run on virtual threads, which share one carrier per core: hashing on them directly lets a flood of
 * sign-ups or log-ins occupy every carrier and stall unrelated requests. Here a flood waits in the queue, and past
 * it is refused with SERVER_BUSY at once. Rooms' passwords are hashed and checked here too.
 */
@Component
public class PasswordHashing implements DisposableBean {

    private final PasswordEncoder encoder;
    private final ThreadPoolExecutor pool;

    PasswordHashing(PasswordEncoder encoder, MoimProperties properties) {
        this.encoder = encoder;
        int configured = properties.auth().hashingThreads();
        int threads = configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        CustomizableThreadFactory factory = new CustomizableThreadFactory("moim-password-hashing-");
        factory.setDaemon(true);
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.auth().hashingQueueCapacity())), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    public String encode(String password) {
        return run(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return run(() -> encoder.matches(password, hash));
    }

    private <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new MoimException(ErrorCode.SERVER_BUSY, "The server is busy checking passwords; retry in a moment");
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new MoimException(ErrorCode.SERVER_BUSY, "Interrupted while checking the password");
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}

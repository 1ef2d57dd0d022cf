package dev.moim.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits, in a REST call, for a write the room writer commits; and unwraps what such a write failed with. */
public final class Futures {

    private Futures() {
    }

    public static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new MoimException(ErrorCode.SERVER_BUSY,
                    "The server did not confirm the write in time; retry (with the same clientMsgId for a message)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoimException(ErrorCode.SERVER_BUSY, "Interrupted while waiting for the write");
        }
    }

    /** The failure itself, out of the CompletionException a dependent future wraps it in. */
    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}

package dev.moim.common;

/** A refusal the client caused and can act on: it always carries a stable {@link ErrorCode}. */
public class MoimException extends RuntimeException {

    private final ErrorCode code;

    public MoimException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

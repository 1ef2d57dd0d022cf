package dev.moim.common;

/** A VALIDATION_FAILED refusal of one named field; over REST it carries {@code fields} as bean validation does. */
public class InvalidField extends MoimException {

    private final String field;
    private final String problem;

    public InvalidField(String field, String problem) {
        super(ErrorCode.VALIDATION_FAILED, field + " " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}

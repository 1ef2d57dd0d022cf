package dev.moim.trending;

import java.time.Duration;
import java.util.Locale;

import dev.moim.common.InvalidField;

/** The spans rankings are counted over: the last hour and the last day, ending at the moment asked about. */
public enum Window {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration duration;

    Window(Duration duration) {
        this.duration = duration;
    }

    public Duration duration() {
        return duration;
    }

    /** The name clients use: {@code hour} or {@code day}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A {@code window} query parameter: absent means the last hour; anything but hour or day is VALIDATION_FAILED. */
    public static Window parse(String label) {
        if (label == null) {
            return HOUR;
        }
        for (Window window : values()) {
            if (window.label().equals(label)) {
                return window;
            }
        }
        throw new InvalidField("window", "must be hour or day");
    }
}

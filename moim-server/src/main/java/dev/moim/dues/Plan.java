package dev.moim.dues;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * A room's dues plan and its calendar. A MONTHLY plan's period is a calendar month, due on {@code dayOfMonth}
 * (1-28, so every month has it); a WEEKLY plan's period is an ISO week (Monday to Sunday), due on {@code dayOfWeek}
 * (1 = Monday). Dates are in {@code zone}. The first period is the first whose due date is on or after
 * {@code startDate}. {@code chargedThrough} is the latest period whose charges are final (see V11__dues.sql).
 */
record Plan(long id, long roomId, long amount, String currency, Period period, Integer dayOfMonth, Integer dayOfWeek,
            LocalDate startDate, ZoneId zone, boolean active, LocalDate chargedThrough, long createdBy,
            Instant createdAt, Instant endedAt) {

    enum Period { MONTHLY, WEEKLY }

    /** The start of the period that holds {@code date}. */
    LocalDate periodOf(LocalDate date) {
        return period == Period.MONTHLY ? date.withDayOfMonth(1) : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    LocalDate dueDate(LocalDate periodStart) {
        return period == Period.MONTHLY ? periodStart.withDayOfMonth(dayOfMonth) : periodStart.plusDays(dayOfWeek - 1);
    }

    LocalDate next(LocalDate periodStart) {
        return period == Period.MONTHLY ? periodStart.plusMonths(1) : periodStart.plusWeeks(1);
    }

    LocalDate previous(LocalDate periodStart) {
        return period == Period.MONTHLY ? periodStart.minusMonths(1) : periodStart.minusWeeks(1);
    }

    LocalDate firstPeriod() {
        LocalDate first = periodOf(startDate);
        return dueDate(first).isBefore(startDate) ? next(first) : first;
    }

    /** Whether {@code periodStart} is a period of this plan (the start of one, not before the first). */
    boolean hasPeriod(LocalDate periodStart) {
        return periodOf(periodStart).equals(periodStart) && !periodStart.isBefore(firstPeriod());
    }

    /** The first instant after {@code date} ends in the plan's zone: who joined before it joined on or before that day. */
    Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(zone).toInstant();
    }

    LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }
}

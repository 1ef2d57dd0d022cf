package dev.moim.dues;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.ledger.Account;
import dev.moim.ledger.AccountKind;
import dev.moim.ledger.Entry;
import dev.moim.ledger.Ledger;
import dev.moim.room.RoomDirectory;
import dev.moim.user.UserDirectory;
import org.springframework.stereotype.Service;

/**
 * The group account's books for its members: a statement over a range of days (JSON, or CSV for a spreadsheet) and
 * income and spending per month for the chart. Read from the ledger's entries, which are never edited, so a report
 * of a closed range never changes.
 */
@Service
public class DuesReports {

    private static final int PAGE = 500;
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Ledger ledger;
    private final DuesService dues;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final MoimProperties.Dues settings;
    private final ZoneId zone;

    DuesReports(Ledger ledger, DuesService dues, RoomDirectory rooms, UserDirectory users, MoimProperties properties) {
        this.ledger = ledger;
        this.dues = dues;
        this.rooms = rooms;
        this.users = users;
        this.settings = properties.dues();
        this.zone = ZoneId.of(settings.zone());
    }

    /** From {@code from} to {@code to}, whole days in moim.dues.zone (default: this month so far); oldest first. */
    DuesViews.Statement statement(long userId, long roomId, String from, String to) {
        rooms.member(roomId, userId);
        Account account = dues.groupAccount(roomId);
        LocalDate today = Times.now().atZone(zone).toLocalDate();
        LocalDate first = from == null || from.isBlank() ? today.withDayOfMonth(1) : DuesService.date(from, "from");
        LocalDate last = to == null || to.isBlank() ? today : DuesService.date(to, "to");
        if (last.isBefore(first)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "to must not be before from");
        }
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(zone).toInstant();
        List<Entry> entries = entries(account.id(), start, end);
        long opening;
        if (entries.isEmpty()) {
            List<Entry> before = ledger.entries(account.id(), null, start, null, 1);
            opening = before.isEmpty() ? 0 : before.getFirst().balanceAfter();
        } else {
            opening = entries.getFirst().balanceAfter() - entries.getFirst().amount();
        }
        Map<Long, String> names = new HashMap<>();
        List<DuesViews.StatementLine> lines = new ArrayList<>();
        long income = 0;
        long spending = 0;
        for (Entry e : entries) {
            if (e.amount() > 0) {
                income += e.amount();
            } else {
                spending -= e.amount();
            }
            lines.add(new DuesViews.StatementLine(e.id(), e.postingId(), e.at(), e.kind().name(), e.memo(),
                    names.computeIfAbsent(e.counterpartyAccountId(), this::counterparty),
                    e.initiatedBy() == null ? null : users.sender(e.initiatedBy()), e.amount(), e.balanceAfter(),
                    e.reference(), e.reversesId()));
        }
        long closing = entries.isEmpty() ? opening : entries.getLast().balanceAfter();
        return new DuesViews.Statement(account.id(), account.currency(), start, end, opening, closing, income, spending, lines);
    }

    /**
     * The statement as a spreadsheet opens it: UTF-8 with a byte order mark (so Excel reads Korean right), CRLF line
     * ends, a header row, RFC 4180 quoting. A text cell that starts with = + - @ (or a tab or CR) gets a leading '
     * so no spreadsheet runs it as a formula; numbers are written as numbers.
     */
    byte[] csv(long userId, long roomId, String from, String to) {
        DuesViews.Statement statement = statement(userId, roomId, from, to);
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append("date,kind,purpose,counterparty,by,amount,balance,currency,posting,reference\r\n");
        for (DuesViews.StatementLine line : statement.entries()) {
            out.append(text(CSV_TIME.format(line.at().atZone(zone)))).append(',')
                    .append(text(line.kind())).append(',')
                    .append(text(line.memo())).append(',')
                    .append(text(line.counterparty())).append(',')
                    .append(text(line.by() == null ? "" : line.by().nickname())).append(',')
                    .append(line.amount()).append(',')
                    .append(line.balanceAfter()).append(',')
                    .append(text(statement.currency())).append(',')
                    .append(line.postingId()).append(',')
                    .append(text(line.reference())).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A text cell: neutralised if a spreadsheet would read it as a formula, quoted if it must be. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = value;
        char first = cell.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    /** Money in and out of the group account per month, the last {@code months} months (this one included). */
    List<DuesViews.Month> monthly(long userId, long roomId, Integer months) {
        rooms.member(roomId, userId);
        Account account = dues.groupAccount(roomId);
        int count = months == null ? 12 : months;
        if (count < 1 || count > settings.maxMonths()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "months must be between 1 and " + settings.maxMonths());
        }
        YearMonth now = YearMonth.from(Times.now().atZone(zone));
        YearMonth firstMonth = now.minusMonths(count - 1L);
        Map<YearMonth, long[]> sums = new LinkedHashMap<>();
        for (YearMonth m = firstMonth; !m.isAfter(now); m = m.plusMonths(1)) {
            sums.put(m, new long[2]);
        }
        Instant start = firstMonth.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = now.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        for (Entry e : entries(account.id(), start, end)) {
            long[] sum = sums.get(YearMonth.from(e.at().atZone(zone)));
            if (sum == null) {
                continue;
            }
            if (e.amount() > 0) {
                sum[0] = Math.addExact(sum[0], e.amount());
            } else {
                sum[1] = Math.addExact(sum[1], -e.amount());
            }
        }
        List<DuesViews.Month> chart = new ArrayList<>();
        sums.forEach((month, sum) -> chart.add(new DuesViews.Month(month.toString(), sum[0], sum[1])));
        return chart;
    }

    /** Every entry of the range, oldest first; a range past moim.dues.max-statement-entries is refused. */
    private List<Entry> entries(long accountId, Instant start, Instant end) {
        List<Entry> newestFirst = new ArrayList<>();
        Long before = null;
        while (true) {
            List<Entry> page = ledger.entries(accountId, start, end, before, PAGE);
            newestFirst.addAll(page);
            if (newestFirst.size() > settings.maxStatementEntries()) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "The range holds more than "
                        + settings.maxStatementEntries() + " entries; ask for a shorter one");
            }
            if (page.size() < PAGE) {
                break;
            }
            before = page.getLast().id();
        }
        return newestFirst.reversed();
    }

    private String counterparty(long accountId) {
        Account account = ledger.account(accountId);
        if (account.kind() == AccountKind.WALLET && account.userId() != null) {
            return users.sender(account.userId()).nickname();
        }
        return account.kind().name();
    }
}

package dev.moim.dues;

import java.util.List;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms/{roomId}")
@Tag(name = "dues", description = "A group's dues, expenses and books")
class DuesController {

    private final DuesService dues;
    private final ExpenseService expenses;
    private final DuesReports reports;

    DuesController(DuesService dues, ExpenseService expenses, DuesReports reports) {
        this.dues = dues;
        this.expenses = expenses;
        this.reports = reports;
    }

    @GetMapping("/dues/plan")
    @Operation(summary = "The room's dues plan", description = "Members. 404 DUES_PLAN_NOT_FOUND when there is none")
    DuesViews.PlanView plan(AuthUser user, @PathVariable long roomId) {
        return dues.plan(user.id(), roomId);
    }

    @PutMapping("/dues/plan")
    @Operation(summary = "Set the dues plan", description = "The owner or a treasurer; the room needs a group account. "
            + "Replaces the plan there was, from the period after the last one charged.")
    DuesViews.PlanView setPlan(AuthUser user, @PathVariable long roomId, @RequestBody DuesRequests.SetPlan request) {
        return dues.setPlan(user.id(), roomId, request);
    }

    @DeleteMapping("/dues/plan")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End the dues plan", description = "Nothing more is charged; what was charged stays owed")
    void endPlan(AuthUser user, @PathVariable long roomId) {
        dues.endPlan(user.id(), roomId);
    }

    @GetMapping("/dues")
    @Operation(summary = "Who has paid a period", description = "period: the first day of one of the plan's periods "
            + "(default: the one in course). Members who left owing are listed too.")
    DuesViews.PeriodStatus status(AuthUser user, @PathVariable long roomId, @RequestParam(required = false) String period) {
        return dues.status(user.id(), roomId, period);
    }

    @GetMapping("/dues/members/{userId}")
    @Operation(summary = "A member's dues statement", description = "Every charge, oldest first, paid or not")
    DuesViews.MemberStatement member(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        return dues.member(user.id(), roomId, userId);
    }

    @PostMapping("/dues/pay")
    @Operation(summary = "Pay my dues from my wallet", description = "One period, or every unpaid one oldest first; "
            + "confirmed with pin or password; an Idempotency-Key makes a retry safe")
    DuesViews.Paid pay(AuthUser user, @PathVariable long roomId,
                       @RequestHeader(name = "Idempotency-Key", required = false) String key,
                       @RequestBody(required = false) DuesRequests.Pay request) {
        return dues.pay(user.id(), roomId, request, key);
    }

    @PutMapping("/dues/autopay")
    @Operation(summary = "Turn autopay on", description = "Confirmed once with pin or password; each due charge is then "
            + "paid from my wallet on its due day")
    DuesViews.Autopay autopayOn(AuthUser user, @PathVariable long roomId, @RequestBody(required = false) DuesRequests.Confirm request) {
        return dues.autopayOn(user.id(), roomId, request);
    }

    @DeleteMapping("/dues/autopay")
    @Operation(summary = "Turn autopay off")
    DuesViews.Autopay autopayOff(AuthUser user, @PathVariable long roomId) {
        return dues.autopayOff(user.id(), roomId);
    }

    @PostMapping("/account/expenses")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an expense", description = "The owner or a treasurer: from the group account to "
            + "OUTSIDE, announced in the room by a SYSTEM message EXPENSE that carries the receipt photo")
    DuesViews.ExpenseView recordExpense(AuthUser user, @PathVariable long roomId,
                                        @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                        @RequestBody DuesRequests.RecordExpense request) {
        return expenses.record(user.id(), roomId, request, key);
    }

    @GetMapping("/account/expenses")
    @Operation(summary = "The group's expenses", description = "Newest first; cursor: the nextCursor of the page before")
    DuesViews.ExpensePage expenses(AuthUser user, @PathVariable long roomId, @RequestParam(required = false) Long cursor,
                                   @RequestParam(required = false) Integer limit) {
        return expenses.list(user.id(), roomId, cursor, limit);
    }

    @GetMapping("/account/statement")
    @Operation(summary = "The group account's statement", description = "from and to: ISO dates, whole days in "
            + "moim.dues.zone (default: this month so far)")
    DuesViews.Statement statement(AuthUser user, @PathVariable long roomId, @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to) {
        return reports.statement(user.id(), roomId, from, to);
    }

    @GetMapping("/account/statement.csv")
    @Operation(summary = "The statement as CSV", description = "UTF-8 with BOM, CRLF, RFC 4180; formula-safe")
    ResponseEntity<byte[]> statementCsv(AuthUser user, @PathVariable long roomId,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"statement-" + roomId + ".csv\"")
                .body(reports.csv(user.id(), roomId, from, to));
    }

    @GetMapping("/account/monthly")
    @Operation(summary = "Income and spending per month", description = "For the chart: the last `months` months")
    List<DuesViews.Month> monthly(AuthUser user, @PathVariable long roomId, @RequestParam(required = false) Integer months) {
        return reports.monthly(user.id(), roomId, months);
    }
}

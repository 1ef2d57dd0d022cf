package dev.moim.ledger;

import java.time.Instant;

import dev.moim.common.AuthUser;
import dev.moim.view.AccountView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
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
@RequestMapping("/api/v1")
@Tag(name = "ledger", description = "Wallets, group accounts, transfers and statements (simulated money, double entry)")
class LedgerController {

    private static final String KEY = "Idempotency-Key";

    private final Cashier cashier;
    private final Confirmations confirmations;

    LedgerController(Cashier cashier, Confirmations confirmations) {
        this.cashier = cashier;
        this.confirmations = confirmations;
    }

    @GetMapping("/wallet")
    @Operation(summary = "My wallet", description = "Opened on first use, in moim.ledger.wallet-currency")
    AccountView wallet(AuthUser user) {
        return cashier.wallet(user.id());
    }

    @PostMapping("/wallet/deposits")
    @Operation(summary = "Deposit simulated money into my wallet",
            description = "{amount} in minor units, from OUTSIDE; within moim.ledger.max-deposit and max-deposit-per-day. "
                    + "The Idempotency-Key header is required: a retry returns the first posting (200) instead of a new one (201)")
    ResponseEntity<Posting> deposit(AuthUser user, @RequestHeader(name = KEY, required = false) String key,
                                    @RequestBody LedgerRequests.Deposit request) {
        return posted(cashier.deposit(user.id(), LedgerRequests.amount(request.amount()), key));
    }

    @PutMapping("/wallet/pin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set or change my payment PIN", description = "{pin: 6 digits, password}")
    void setPin(AuthUser user, @RequestBody LedgerRequests.SetPin request) {
        confirmations.setPin(user.id(), request.pin(), request.password());
    }

    @DeleteMapping("/wallet/pin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove my payment PIN", description = "{password}; transfers are then confirmed by the password")
    void deletePin(AuthUser user, @RequestBody LedgerRequests.Password request) {
        confirmations.deletePin(user.id(), request.password());
    }

    @PostMapping("/transfers")
    @Operation(summary = "Move money",
            description = "From my wallet (fromAccountId left out) or a group account I manage, to any user's wallet "
                    + "(toUserId or toAccountId) or the account of a group I am in. Confirmed by pin or password. "
                    + "Idempotency-Key required: a retry returns the first posting (200)")
    ResponseEntity<Posting> send(AuthUser user, @RequestHeader(name = KEY, required = false) String key,
                                 @RequestBody LedgerRequests.Send request) {
        return posted(cashier.send(user.id(), request, key));
    }

    @PostMapping("/postings/{postingId}/reverse")
    @Operation(summary = "Reverse a posting",
            description = "Posts the opposite movement, pointing to the original: my own deposit, or (owner or "
                    + "treasurer) money into a group account or its expense. {reason, pin | password}; Idempotency-Key required")
    ResponseEntity<Posting> reverse(AuthUser user, @PathVariable long postingId,
                                    @RequestHeader(name = KEY, required = false) String key,
                                    @RequestBody LedgerRequests.Reverse request) {
        return posted(cashier.reverse(user.id(), postingId, request, key));
    }

    @GetMapping("/accounts/{accountId}")
    @Operation(summary = "An account: my wallet, or the account of a group I am in")
    AccountView account(AuthUser user, @PathVariable long accountId) {
        return cashier.account(user.id(), accountId);
    }

    @GetMapping("/accounts/{accountId}/entries")
    @Operation(summary = "An account's statement, newest first",
            description = "from (inclusive) and to (exclusive) as ISO instants; before = nextBefore pages back; limit 1-200, default 50")
    LedgerRequests.Statement entries(AuthUser user, @PathVariable long accountId,
                                     @RequestParam(required = false) Instant from,
                                     @RequestParam(required = false) Instant to,
                                     @RequestParam(required = false) Long before,
                                     @RequestParam(required = false) Integer limit) {
        return cashier.statement(user.id(), accountId, from, to, before, limit);
    }

    @PostMapping("/rooms/{roomId}/account")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open a group's account (owner)", description = "{currency} from moim.ledger.currencies, default KRW")
    AccountView open(AuthUser user, @PathVariable long roomId,
                     @RequestBody(required = false) LedgerRequests.OpenAccount request) {
        return cashier.openGroupAccount(user.id(), roomId, request == null ? null : request.currency());
    }

    @GetMapping("/rooms/{roomId}/account")
    @Operation(summary = "A group's account (members)", description = "With its treasurers and whether I may move its money")
    LedgerRequests.GroupAccount groupAccount(AuthUser user, @PathVariable long roomId) {
        return cashier.groupAccount(user.id(), roomId);
    }

    @PutMapping("/rooms/{roomId}/account/treasurers/{userId}")
    @Operation(summary = "Appoint a member treasurer of the group's account (owner)")
    LedgerRequests.GroupAccount appoint(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        return cashier.treasurer(user.id(), roomId, userId, true);
    }

    @DeleteMapping("/rooms/{roomId}/account/treasurers/{userId}")
    @Operation(summary = "Dismiss a treasurer (owner)")
    LedgerRequests.GroupAccount dismiss(AuthUser user, @PathVariable long roomId, @PathVariable long userId) {
        return cashier.treasurer(user.id(), roomId, userId, false);
    }

    private static ResponseEntity<Posting> posted(Posting posting) {
        return ResponseEntity.status(posting.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(posting);
    }
}

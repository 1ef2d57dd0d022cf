package dev.moim.push;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/push")
@Tag(name = "push", description = "Web Push subscriptions of the browsers that want pushes while their user is offline")
class PushController {

    private final VapidKeys vapid;
    private final PushSubscriptions subscriptions;

    PushController(VapidKeys vapid, PushSubscriptions subscriptions) {
        this.vapid = vapid;
        this.subscriptions = subscriptions;
    }

    @GetMapping("/vapid-public-key")
    @Operation(summary = "The server's VAPID public key",
            description = "base64url of the uncompressed P-256 point: pass it as applicationServerKey to "
                    + "PushManager.subscribe. It stays the same while the server's key does.")
    PushViews.PublicKey publicKey(AuthUser user) {
        return new PushViews.PublicKey(vapid.publicKey());
    }

    @PostMapping("/subscriptions")
    @Operation(summary = "Subscribe this browser",
            description = "The body is PushSubscription.toJSON(): {endpoint, keys: {p256dh, auth}}. 201 when new; 200 "
                    + "when the endpoint was subscribed already (its keys and user are replaced). Past the per-user "
                    + "cap the oldest subscription is dropped.")
    ResponseEntity<PushViews.Subscription> subscribe(AuthUser user, @RequestBody PushRequests.Subscribe request) {
        PushSubscriptions.Subscribed subscribed = subscriptions.subscribe(user.id(), request);
        return ResponseEntity.status(subscribed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(subscribed.subscription());
    }

    @DeleteMapping("/subscriptions")
    @Operation(summary = "Unsubscribe a browser", description = "{endpoint}. 204, also when it was not subscribed.")
    ResponseEntity<Void> unsubscribe(AuthUser user, @RequestBody PushRequests.Unsubscribe request) {
        subscriptions.unsubscribe(user.id(), request.endpoint());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/subscriptions")
    @Operation(summary = "My subscribed browsers", description = "Newest first, each as its push service's origin "
            + "and when it subscribed; endpoints and keys are never shown.")
    PushViews.Subscriptions list(AuthUser user) {
        return new PushViews.Subscriptions(subscriptions.of(user.id()));
    }
}

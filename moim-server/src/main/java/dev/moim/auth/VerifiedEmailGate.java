package dev.moim.auth;

import dev.moim.user.VerifiedEmails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * With {@code moim.accounts.require-verified-email}, an unverified account's REST calls are refused with
 * EMAIL_NOT_VERIFIED, except what it needs to get verified or to leave: everything under {@code /api/v1/auth}
 * (verification, resend, log-out, refresh), reading its own account and withdrawing it. Thrown before the
 * controller, so it is answered as problem+json like any refusal. STOMP CONNECT applies the same rule.
 */
@Component
class VerifiedEmailGate implements WebMvcConfigurer, HandlerInterceptor {

    private static final String OWN_ACCOUNT = "/api/v1/users/me";

    private final VerifiedEmails verifiedEmails;

    VerifiedEmailGate(VerifiedEmails verifiedEmails) {
        this.verifiedEmails = verifiedEmails;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (verifiedEmails.required()) {
            registry.addInterceptor(this).addPathPatterns("/api/**").excludePathPatterns("/api/v1/auth/**");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return true;
        }
        String method = request.getMethod();
        if (OWN_ACCOUNT.equals(request.getRequestURI()) && ("GET".equals(method) || "DELETE".equals(method))) {
            return true;
        }
        verifiedEmails.require(Long.parseLong(jwt.getSubject()));
        return true;
    }
}

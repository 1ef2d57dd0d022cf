package dev.moim.auth;

import java.io.IOException;
import java.util.List;

import dev.moim.common.AuthUser;
import dev.moim.common.ErrorCode;
import dev.moim.common.Problems;
import dev.moim.config.MoimProperties;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * REST is stateless and bearer-token only. The WebSocket handshake is open: the STOMP CONNECT frame carries
 * the token and is checked by the realtime layer.
 */
@Configuration
class SecurityConfig implements WebMvcConfigurer {

    private static final String METRICS = "/actuator/prometheus";
    /** Search index status and rebuild: for the operator, from the same addresses as the metrics. */
    private static final String SEARCH_ADMIN = "/actuator/search";
    /** The ledger's reconciliation: for the operator, from the same addresses as the metrics. */
    private static final String LEDGER_ADMIN = "/actuator/ledger";

    private final JsonMapper json;
    private final List<IpAddressMatcher> metricsFrom;

    SecurityConfig(JsonMapper json, MoimProperties properties) {
        this.json = json;
        this.metricsFrom = properties.http().metricsFrom().stream().map(IpAddressMatcher::new).toList();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessTokens tokens) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityConfig::securityHeaders)
                .authorizeHttpRequests(a -> a
                        // Verifying an e-mail is done signed in; the rest of /auth is how one gets signed in.
                        .requestMatchers("/api/v1/auth/verify-email", "/api/v1/auth/verify-email/resend").authenticated()
                        .requestMatchers("/api/v1/auth/**").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // Metrics say how busy the node is and how many people are on it: for the operator only.
                        .requestMatchers(METRICS, SEARCH_ADMIN, LEDGER_ADMIN).access((auth, context) -> new AuthorizationDecision(
                                metricsFrom.stream().anyMatch(m -> m.matches(context.getRequest().getRemoteAddr()))))
                        .anyRequest().permitAll())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(tokens.decoder()))
                        .authenticationEntryPoint((request, response, e) -> {
                            ErrorCode code = AccessTokens.refusal(e);
                            writeProblem(response, code, code == ErrorCode.SESSION_REVOKED
                                    ? "This session was signed out; log in again"
                                    : "Send a valid access token: Authorization: Bearer <token>");
                        })
                        .accessDeniedHandler((request, response, e) ->
                                writeProblem(response, ErrorCode.FORBIDDEN, "Not allowed")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            // No token opens the metrics: say so rather than ask for one.
                            if (METRICS.equals(request.getRequestURI()) || SEARCH_ADMIN.equals(request.getRequestURI())
                                    || LEDGER_ADMIN.equals(request.getRequestURI())) {
                                writeProblem(response, ErrorCode.FORBIDDEN, "This endpoint answers the addresses in moim.http.metrics-from only");
                            } else {
                                writeProblem(response, ErrorCode.UNAUTHENTICATED, "Send a valid access token: Authorization: Bearer <token>");
                            }
                        })
                        .accessDeniedHandler((request, response, ex) ->
                                writeProblem(response, ErrorCode.FORBIDDEN, "Not allowed")));
        return http.build();
    }

    /**
     * The web client is ES modules, a stylesheet and a WebJar from this server, talking to this server: nothing
     * inline and nothing from elsewhere, so an injected script or style has nowhere to come from. Photos need the
     * access token, so the client fetches them and shows them from blob: URLs it makes itself.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    /** Swagger UI adds a style element of its own; scripts stay as strict as the web client's. */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY =
            CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "accelerometer=(), gyroscope=(), magnetometer=()";

    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
        RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
        headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
                        new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
                        new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_CONTENT_SECURITY_POLICY)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .contentTypeOptions(Customizer.withDefaults());
    }

    private void writeProblem(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        if (code.status() == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        Problems.write(response, json, code, detail);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == AuthUser.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
                    return new AuthUser(Long.parseLong(jwt.getSubject()));
                }
                throw new IllegalStateException("No signed-in user on an authenticated endpoint");
            }
        });
    }
}

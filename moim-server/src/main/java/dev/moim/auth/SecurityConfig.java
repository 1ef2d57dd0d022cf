package dev.moim.auth;

import java.io.IOException;
import java.util.List;

import dev.moim.common.ErrorCode;
import dev.moim.common.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
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

    private final JsonMapper json;

    SecurityConfig(JsonMapper json) {
        this.json = json;
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
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/auth/**").permitAll()
                        .requestMatchers("/api/**").authenticated()
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
                        .authenticationEntryPoint((request, response, ex) -> writeProblem(response, ErrorCode.UNAUTHENTICATED,
                                "Send a valid access token: Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, ex) ->
                                writeProblem(response, ErrorCode.FORBIDDEN, "Not allowed")));
        return http.build();
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

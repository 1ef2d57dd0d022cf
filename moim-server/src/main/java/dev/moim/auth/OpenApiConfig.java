package dev.moim.auth;

import dev.moim.common.AuthUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs and Swagger UI at /swagger-ui.html, with the bearer token every call but
 * sign-up and log-in needs. STOMP is in docs/protocol.md.
 */
@Configuration
class OpenApiConfig {

    static {
        // The signed-in user comes from the bearer token, not from the request.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthUser.class);
    }

    @Bean
    OpenAPI moimOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Moim").version("v1")
                        .description("Moim's REST API. Real-time chat is STOMP over WebSocket at /ws; "
                                + "see docs/protocol.md. Errors are application/problem+json with a stable `code`."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}

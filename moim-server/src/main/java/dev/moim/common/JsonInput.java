package dev.moim.common;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads JSON as written: a number or a boolean where text is expected ({@code "content": 123}) is refused as
 * MALFORMED_REQUEST instead of being stored as "123", and so is a number for a name such as a room's
 * {@code type}. Spring Boot's one JsonMapper reads both REST bodies and STOMP frames, so this holds for both.
 */
@Configuration
class JsonInput {

    @Bean
    JsonMapperBuilderCustomizer textComesOnlyFromJsonStrings() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }
}

package dev.moim.realtime;

import java.util.List;

import org.springframework.messaging.converter.DefaultContentTypeResolver;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * STOMP bodies are read with the application's JsonMapper, and so by its rules, plus one stated here so that STOMP
 * holds it whatever the shared mapper says: a text field takes only a JSON string, so {@code "content": 123} or
 * {@code true} is refused (MALFORMED_REQUEST) instead of being stored as "123". Bodies without a content-type are
 * read as JSON, as before.
 */
@Component
class StompJson implements WebSocketMessageBrokerConfigurer {

    private final JsonMapper json;

    StompJson(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean configureMessageConverters(List<MessageConverter> converters) {
        JsonMapper strict = json.rebuild()
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        JacksonJsonMessageConverter converter = new JacksonJsonMessageConverter(strict);
        DefaultContentTypeResolver contentTypes = new DefaultContentTypeResolver();
        contentTypes.setDefaultMimeType(MimeTypeUtils.APPLICATION_JSON);
        converter.setContentTypeResolver(contentTypes);
        // First in line, ahead of Spring Boot's converter on the same mapper, whichever configurer runs first.
        converters.addFirst(converter);
        return false;
    }
}

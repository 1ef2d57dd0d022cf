package dev.moim.support;

import tools.jackson.databind.json.JsonMapper;

public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static String quote(String text) {
        return MAPPER.writeValueAsString(text);
    }

    public static String of(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}

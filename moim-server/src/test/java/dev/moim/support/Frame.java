package dev.moim.support;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One STOMP frame as received. */
public record Frame(String command, Map<String, String> headers, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String header(String name) {
        return headers.get(name);
    }

    public JsonNode json() {
        return JSON.readTree(body);
    }

    public boolean isEvent(String type) {
        return command.equals("MESSAGE") && json().path("type").asString().equals(type);
    }
}

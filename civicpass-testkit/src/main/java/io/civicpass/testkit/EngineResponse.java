package io.civicpass.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine answers to one request: a status, headers and body to send after a delay, or
 * a dropped connection. Both faces turn it into what their clients see.
 */
final class EngineResponse {

    final int status;
    final Map<String, String> headers;
    /** Never modified: a pass's bytes are shared by the responses that show it unchanged. */
    final byte[] body;
    final Duration delay;
    final boolean reset;

    private EngineResponse(int status, Map<String, String> headers, byte[] body, Duration delay, boolean reset) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.delay = delay;
        this.reset = reset;
    }

    static EngineResponse of(int status, String contentType, byte[] body) {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new EngineResponse(status, headers, body == null ? new byte[0] : body, Duration.ZERO, false);
    }

    static EngineResponse dropped() {
        return new EngineResponse(0, Collections.emptyMap(), new byte[0], Duration.ZERO, true);
    }

    EngineResponse withHeader(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, value);
        return new EngineResponse(status, copy, body, delay, reset);
    }

    EngineResponse withBody(int newStatus, byte[] newBody) {
        return new EngineResponse(newStatus, headers, newBody, delay, reset);
    }

    EngineResponse delayedBy(Duration extra) {
        return new EngineResponse(status, headers, body, delay.plus(extra), reset);
    }

    /** Case-insensitive header lookup, null when absent. */
    String header(String name) {
        return headers.get(name);
    }
}

package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The error bodies, written without Jackson, are the bytes the fake's mapper writes for the same
 * object, whatever the message holds.
 */
class ErrorBodiesTest {

    private static final ObjectMapper MAPPER = JsonWriter.mapper();

    @Test
    void everyCharacterIsWrittenAsTheMapperWritesIt() throws Exception {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String message = "a" + (char) c + "z";
            assertThat(ErrorBodies.errorBody("bad_request", message)).as("U+%04X", c)
                    .isEqualTo(mapperBytes("message", "bad_request", message));
        }
    }

    @Test
    void surrogatePairsControlCharactersAndLongTextAreWrittenAsTheMapperWritesThem() throws Exception {
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            long_.append((char) (i % 0x3000));
        }
        List<String> messages = new ArrayList<>(List.of("", "plain", "quote \" backslash \\ slash /",
                "\u0000\u0001\b\t\n\u000B\f\r\u001E\u001F\u007F", "smile \uD83D\uDE00 end",
                "lone high \uD800", "\uDC00 lone low", "reversed \uDE00\uD83D", "\u00E9\u2028\u2029\uFEFF\uFFFF",
                "unknown field '\u0000\"\\' in the body", long_.toString()));
        for (String message : messages) {
            assertThat(ErrorBodies.errorBody("bad_request", message)).as(message)
                    .isEqualTo(mapperBytes("message", "bad_request", message));
            assertThat(ErrorBodies.oauthError("invalid_request", message)).as(message)
                    .isEqualTo(mapperBytes("error_description", "invalid_request", message));
        }
    }

    @Test
    void aNullValueIsWrittenAsJsonNull() throws Exception {
        assertThat(new String(ErrorBodies.errorBody("bad_request", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"bad_request\",\"message\":null}");
        assertThat(ErrorBodies.errorBody("bad_request", null)).isEqualTo(mapperBytes("message", "bad_request", null));
        assertThat(ErrorBodies.oauthError(null, "why")).isEqualTo(mapperBytes("error_description", null, "why"));
    }

    private static byte[] mapperBytes(String second, String code, String text) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("error", code).put(second, text));
    }
}

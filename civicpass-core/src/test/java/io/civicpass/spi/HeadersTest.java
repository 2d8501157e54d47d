package io.civicpass.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void lookupsIgnoreCaseAndKeepTheOrderAdded() {
        Headers headers = Headers.builder().add("Accept", "application/json").add("X-Request-Id", "r-1")
                .add("accept", "text/plain").build();
        assertThat(headers.firstOrNull("ACCEPT")).isEqualTo("application/json");
        assertThat(headers.first("x-request-id")).contains("r-1");
        assertThat(headers.all("Accept")).containsExactly("application/json", "text/plain");
        assertThat(headers.all("Missing")).isEmpty();
        assertThat(headers.first("Missing")).isEmpty();
        assertThat(headers.firstOrNull("Missing")).isNull();
    }

    @Test
    void asMapGroupsNamesDifferingInCaseUnderTheNameFirstGiven() {
        Headers headers = Headers.builder().add("Accept", "a").add("X-Id", "1").add("ACCEPT", "b").build();
        assertThat(headers.asMap()).containsExactly(Map.entry("Accept", List.of("a", "b")), Map.entry("X-Id", List.of("1")));
        assertThat(headers.names()).containsExactly("Accept", "X-Id");
        assertThat(headers.asMap()).isSameAs(headers.asMap());
        assertThatThrownBy(() -> headers.asMap().put("New", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.asMap().get("Accept").add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void setReplacesEveryValueOfTheFieldWhateverItsCase() {
        Headers headers = Headers.builder().add("Content-Type", "a").add("X-Id", "1").add("content-type", "b")
                .set("CONTENT-TYPE", "c").build();
        assertThat(headers.all("content-type")).containsExactly("c");
        assertThat(headers.asMap()).containsExactly(Map.entry("X-Id", List.of("1")), Map.entry("CONTENT-TYPE", List.of("c")));
    }

    @Test
    void aBuilderGoesOnAfterBuildWithoutChangingWhatItBuilt() {
        Headers.Builder builder = Headers.builder();
        for (int i = 0; i < 9; i++) {
            builder.add("X-" + i, Integer.toString(i));
        }
        Headers nine = builder.build();
        builder.add("X-9", "9").set("X-0", "zero");
        assertThat(nine.names()).hasSize(9);
        assertThat(nine.firstOrNull("X-0")).isEqualTo("0");
        assertThat(builder.build().firstOrNull("X-0")).isEqualTo("zero");
        assertThat(builder.build().names()).hasSize(10);
    }

    @Test
    void ofSkipsNullNamesAndValuesAndMergesNamesDifferingInCase() {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        raw.put(null, List.of("HTTP/1.1 200 OK"));
        raw.put("Date", Arrays.asList("today", null));
        raw.put("date", List.of("tomorrow"));
        raw.put("Empty", null);
        Headers headers = Headers.of(raw);
        assertThat(headers.asMap()).containsExactly(Map.entry("Date", List.of("today", "tomorrow")));
        assertThat(Headers.of(Map.of())).isSameAs(Headers.empty());
        assertThat(Headers.empty().isEmpty()).isTrue();
        assertThat(headers.isEmpty()).isFalse();
    }

    @Test
    void namesAndValuesWithLineBreaksOrBlankNamesAreRefused() {
        assertThatThrownBy(() -> Headers.builder().add("X-A", "one\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-A").hasMessageNotContaining("Injected");
        assertThatThrownBy(() -> Headers.builder().add("X\nB", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.builder().add(" ", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.builder().add(null, "v")).isInstanceOf(NullPointerException.class)
                .hasMessage("name == null");
        assertThatThrownBy(() -> Headers.builder().add("X", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value == null");
        assertThatThrownBy(() -> Headers.empty().firstOrNull(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringNamesTheFieldsWithoutTheirValues() {
        Headers headers = Headers.builder().add("Authorization", "Bearer secret-token").build();
        assertThat(headers.toString()).isEqualTo("Headers[Authorization]").doesNotContain("secret-token");
    }
}

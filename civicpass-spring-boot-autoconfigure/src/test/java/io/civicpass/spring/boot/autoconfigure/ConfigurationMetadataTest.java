package io.civicpass.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** META-INF/spring-configuration-metadata.json, as the jar carries it: every civicpass.* key, each described. */
class ConfigurationMetadataTest {

    @Test
    void everyKeyTheIssueNamesIsDescribed() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("metadata on the classpath").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asText();
            names.add(name);
            assertThat(name).startsWith("civicpass.");
            assertThat(property.path("description").asText()).as(name + " has a description").isNotBlank();
            assertThat(property.path("description").asText()).as(name + " names no placeholder").doesNotContain("TODO");
        }
        assertThat(names).contains("civicpass.client-id", "civicpass.client-secret", "civicpass.api-url",
                "civicpass.token-url", "civicpass.environment", "civicpass.audience", "civicpass.token-request-style",
                "civicpass.gatekeeper-network", "civicpass.connect-timeout", "civicpass.request-timeout",
                "civicpass.transport", "civicpass.http.share-application-client",
                "civicpass.retry.max-attempts", "civicpass.retry.total-timeout",
                "civicpass.proxy.host", "civicpass.proxy.port", "civicpass.proxy.password",
                "civicpass.tls.trust-store", "civicpass.tls.key-store",
                "civicpass.gate.maximum-size", "civicpass.gate.time-to-live", "civicpass.gate.fail-open",
                "civicpass.health.cache-period", "civicpass.metrics.observation-timers");
        assertThat(names).filteredOn(name -> name.startsWith("civicpass.retry.")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(names).filteredOn(name -> name.startsWith("civicpass.proxy.")).hasSize(6);
        assertThat(names).filteredOn(name -> name.startsWith("civicpass.tls.")).hasSize(6);
        assertThat(names).filteredOn(name -> name.startsWith("civicpass.gate.")).hasSize(7);
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asText().equals("civicpass.connect-timeout")) {
                assertThat(property.get("defaultValue").asText()).isEqualTo("10s");
            }
        }
    }
}

package io.civicpass.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every ```java block of the root README is code of this module, so the README cannot drift from
 * the API: the block must appear, whitespace aside, between {@code // README:begin NAME} and
 * {@code // README:end NAME} in the module's sources, which compile and whose tests run them
 * against the fake. Copy a region into the README, or add a region for a new block.
 */
class ReadmeSnippetsTest {

    /** The regions the README draws on: one for each thing a newcomer looks for. */
    private static final List<String> PROMISED_REGIONS = List.of(
            "quickstart",
            "feign-blocking", "feign-async", "feign-hand-over", "feign-transport",
            "retrofit-blocking", "retrofit-async", "retrofit-hand-over", "retrofit-transport",
            "vertx-blocking", "vertx-future", "vertx-hand-over", "verticle",
            "listing", "pii-review",
            "testing-with-the-extension", "fault-injection",
            "outcome-unknown", "gating");

    private static String readme;
    private static Map<String, String> regions;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(Path.of(System.getProperty("civicpass.readme", "../README.md")));
        regions = new java.util.LinkedHashMap<>(Snippets.regions(Path.of(System.getProperty("civicpass.examples.sources", "src"))));
        // the Spring Boot section's test is the Spring Boot example's, a module of its own
        Snippets.regions(Path.of(System.getProperty("civicpass.spring.example.sources", "../civicpass-spring-boot-example/src")))
                .forEach((name, text) -> {
                    if (regions.putIfAbsent(name, text) != null) {
                        throw new IllegalStateException("README region '" + name + "' is defined in both example modules");
                    }
                });
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCodeOfThisModule() {
        List<Snippets.Block> blocks = Snippets.javaBlocks(readme);

        assertThat(blocks).as("```java blocks in README.md").isNotEmpty();
        List<String> drifted = blocks.stream()
                .filter(block -> Snippets.regionHolding(regions, block).isEmpty())
                .map(block -> "README.md line " + block.line() + ": " + block.firstLine())
                .collect(Collectors.toList());
        assertThat(drifted)
                .as("README blocks found in no // README:begin region of civicpass-examples/src or civicpass-spring-boot-example/src (regions: %s)",
                        regions.keySet())
                .isEmpty();
    }

    @Test
    void theRegionsTheReadmeDrawsOnAreThere() {
        assertThat(regions).containsKeys(PROMISED_REGIONS.toArray(String[]::new));
        assertThat(regions).allSatisfy((name, text) -> assertThat(text).as("region %s", name).isNotBlank());
    }

    @Test
    void aBlockIsFoundWhateverItsIndentationButNotOnceItsCodeChanged() {
        String region = regions.get("feign-blocking");
        String reindented = region.lines().map(String::strip).collect(Collectors.joining("\n    ", "    ", "\n"));
        String changed = region.replace("Duration.ofMinutes(2)", "Duration.ofMinutes(3)");

        assertThat(changed).isNotEqualTo(region);
        assertThat(Snippets.regionHolding(regions, new Snippets.Block(1, reindented))).contains("feign-blocking");
        assertThat(Snippets.regionHolding(regions, new Snippets.Block(1, changed))).isEmpty();
    }

    @Test
    void aBlockMustMatchWholeTokens() {
        Map<String, String> one = Map.of("a", "civic.freeze(key);\n");

        assertThat(Snippets.regionHolding(one, new Snippets.Block(1, "civic.freeze(key);"))).contains("a");
        assertThat(Snippets.regionHolding(one, new Snippets.Block(1, "vic.freeze(key);"))).isEmpty();
    }

    @Test
    void regionsJoinTheirPartsAndMayNest() {
        Map<String, String> found = Snippets.regions("Example.java", String.join("\n",
                "// README:begin outer",
                "import a.B;",
                "// README:end outer",
                "class Example {",
                "    // README:begin outer",
                "    void run() {",
                "        // README:begin inner",
                "        call();",
                "        // README:end inner",
                "    }",
                "    // README:end outer",
                "}"));

        assertThat(Snippets.normalised(found.get("outer"))).isEqualTo("import a.B; void run() { call(); }");
        assertThat(Snippets.normalised(found.get("inner"))).isEqualTo("call();");
    }

    @Test
    void unbalancedOrMisspelledMarkersAreRefused() {
        assertThatThrownBy(() -> Snippets.regions("A.java", "// README:begin a\ncode();\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("A.java:1").hasMessageContaining("never ends");
        assertThatThrownBy(() -> Snippets.regions("A.java", "code();\n// README:end a\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends without having begun");
        assertThatThrownBy(() -> Snippets.regions("A.java", "// README:begin a\n// README:begin a\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("begins again");
        assertThatThrownBy(() -> Snippets.regions("A.java", "// README:begin\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a README marker line");
    }

    @Test
    void anUnclosedReadmeBlockIsRefused() {
        assertThatThrownBy(() -> Snippets.javaBlocks("text\n```java\ncode();\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("block at line 2");
    }
}

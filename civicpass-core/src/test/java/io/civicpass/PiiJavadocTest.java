package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clients' Javadoc names the exception a PII route throws: a 404 from a PII route is a
 * {@code PiiRequestNotFoundException} (the contract suite checks that on every transport and
 * face), never the {@code PassNotFoundException} of the pass routes. Read from the sources, since
 * Javadoc is not in the class files.
 */
class PiiJavadocTest {

    /** A Javadoc comment and the declaration that follows it, up to its opening parenthesis. */
    private static final Pattern DOCUMENTED_METHOD =
            Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public [^(;{]*?\\b(\\w+)\\(", Pattern.DOTALL);

    private static final List<String> PII_METHODS = List.of("pii", "approvePii", "rejectPii", "decidePii", "evidence");

    @ParameterizedTest
    @ValueSource(strings = {"CivicPassClient", "CivicPassAsyncClient"})
    void piiDocumentsPiiRequestNotFoundAndNoPiiMethodDocumentsPassNotFound(String client) throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/civicpass", client + ".java"));
        List<String> piiDocs = new ArrayList<>();
        String piiDoc = null;
        Matcher method = DOCUMENTED_METHOD.matcher(source);
        while (method.find()) {
            if (PII_METHODS.contains(method.group(2))) {
                piiDocs.add(method.group(2) + ": " + method.group(1));
            }
            if (method.group(2).equals("pii")) {
                piiDoc = method.group(1);
            }
        }

        assertThat(piiDoc).as("the Javadoc of %s.pii", client).isNotNull().contains("PiiRequestNotFoundException");
        assertThat(piiDocs).as("Javadoc of %s's PII methods", client).hasSizeGreaterThanOrEqualTo(PII_METHODS.size())
                .noneMatch(doc -> doc.contains("PassNotFoundException"));
    }
}

package io.civicpass.spring.boot.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.spring.boot.autoconfigure.CivicPassAutoConfiguration;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/** What a fresh application with only the starter sees at start-up. */
@ExtendWith(OutputCaptureExtension.class)
class StartUpTest {

    @Test
    void withoutCredentialsStartUpFailsNamingTheProperties(CapturedOutput output) {
        SpringApplication application = new SpringApplication(ExampleApplication.class);
        application.setEnvironment(new NoVariablesEnvironment()); // whatever CIVIC_* this machine has
        assertThatThrownBy(() -> application.run("--server.port=0")).isNotNull();
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("civicpass.client-id, civicpass.client-secret")
                .contains("CIVICPASS_CLIENT_ID")
                .contains("CIVIC_CLIENT_ID");
    }

    @Test
    void theAutoConfigurationArtifactCarriesTheMetadata() throws Exception {
        URL location = CivicPassAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation();
        File artifact = new File(location.toURI());
        String metadata = "META-INF/spring-configuration-metadata.json";
        if (artifact.isFile()) {
            try (JarFile jar = new JarFile(artifact)) {
                assertThat(jar.getEntry(metadata)).as(metadata + " in " + artifact.getName()).isNotNull();
                assertThat(new String(jar.getInputStream(jar.getEntry(metadata)).readAllBytes()))
                        .contains("\"civicpass.client-id\"", "\"civicpass.gate.time-to-live\"");
            }
        } else {
            assertThat(Files.readString(artifact.toPath().resolve(Path.of(metadata)))).contains("\"civicpass.client-id\"");
        }
    }

    /** The system properties without the process environment. */
    static final class NoVariablesEnvironment extends StandardEnvironment {
        @Override
        protected void customizePropertySources(MutablePropertySources sources) {
            // neither system properties nor environment variables
        }
    }
}

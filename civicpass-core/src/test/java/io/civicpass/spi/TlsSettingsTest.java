package io.civicpass.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the TLS settings at build time; their use is the transport contract's (group Tls). */
class TlsSettingsTest {

    private static final char[] PASSWORD = "st0re-Secret".toCharArray();

    @TempDir
    Path dir;

    private Path emptyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve("empty.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    @Test
    void withoutATrustStoreTheJdksDefaultTrustIsUsed() {
        TlsSettings tls = TlsSettings.builder().build();
        assertThat(tls.trustManager().getAcceptedIssuers()).isNotEmpty();
        assertThat(tls.keyManager()).isEmpty();
        assertThat(tls.newSslContext().getProtocol()).isEqualTo("TLS");
        assertThat(tls).hasToString("TlsSettings[trust=JDK default, clientCertificate=false]");
    }

    @Test
    void aStoreReadWithTheWrongPasswordIsRefusedNamingTheFileButNotThePassword() throws Exception {
        Path file = emptyStore();
        assertThatThrownBy(() -> TlsSettings.builder().trustStore(file, "wr0ng-Guess".toCharArray(), "PKCS12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trustStore").hasMessageContaining(file.toString())
                .message().doesNotContain("wr0ng-Guess", "st0re-Secret");
    }

    @Test
    void aTrustStoreWithoutCertificatesAndAKeyStoreWithoutAKeyAreRefused() throws Exception {
        Path file = emptyStore();
        assertThatThrownBy(() -> TlsSettings.builder().trustStore(file, PASSWORD, "PKCS12").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no certificate");
        assertThatThrownBy(() -> TlsSettings.builder().clientCertificate(file, PASSWORD, "PKCS12").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private key")
                .message().doesNotContain("st0re-Secret");
    }

    @Test
    void refusesAMissingFileAnUnknownTypeAndNulls() {
        assertThatThrownBy(() -> TlsSettings.builder().trustStore(dir.resolve("absent.p12"), PASSWORD, "PKCS12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.p12");
        assertThatThrownBy(() -> TlsSettings.builder().trustStore(dir.resolve("x"), PASSWORD, "NOPE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> TlsSettings.builder().trustStore((KeyStore) null))
                .isInstanceOf(NullPointerException.class).hasMessage("trustStore == null");
        assertThatThrownBy(() -> TransportSettings.builder().tls(null))
                .isInstanceOf(NullPointerException.class).hasMessage("tls == null");
    }
}

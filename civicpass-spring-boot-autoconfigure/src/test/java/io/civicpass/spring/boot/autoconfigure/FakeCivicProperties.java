package io.civicpass.spring.boot.autoconfigure;

import io.civicpass.CivicPassConfig;
import io.civicpass.testkit.FakeCivic;

/** The civicpass.* properties that point a client at a fake, with the sandbox client it registers. */
final class FakeCivicProperties {

    private FakeCivicProperties() {
    }

    static String[] of(FakeCivic fake, String... more) {
        String[] base = {
                "civicpass.api-url=" + fake.apiUrl(),
                "civicpass.token-url=" + fake.tokenUrl(),
                "civicpass.client-id=" + CivicPassConfig.SANDBOX_CREDENTIALS.clientId(),
                "civicpass.client-secret=" + CivicPassConfig.SANDBOX_CREDENTIALS.clientSecret(),
                "civicpass.retry.initial-backoff=10ms",
                "civicpass.retry.max-backoff=50ms",
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}

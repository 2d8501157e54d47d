package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The standalone server's command line. */
class FakeCivicMainTest {

    @Test
    void parsesPortAndDelay() {
        try (FakeCivic civic = FakeCivicMain.parse(new String[] {"--port", "0", "--confirmation-delay-ms", "10"}).start()) {
            assertThat(civic.port()).isPositive();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FakeCivicMain.describe(civic, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains(civic.tokenUrl().toString(), civic.apiUrl().toString());
        }
    }

    @Test
    void hidesUnconfirmedPassesUnlessToldToShowThem() {
        String wallet = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
        for (String flag : new String[] {"--hide-until-confirmed", "--show-unconfirmed"}) {
            try (FakeCivic civic = FakeCivicMain.parse(new String[] {"--port", "0", flag}).start()) {
                RawHttp http = new RawHttp(civic);
                String token = http.token();
                http.api("POST", "/pass/ethereum/sepolia", "{\"walletAddress\":\"" + wallet + "\"}", token);
                assertThat(http.api("GET", "/pass/ethereum/sepolia/" + wallet, null, token).statusCode()).as(flag)
                        .isEqualTo(flag.equals("--show-unconfirmed") ? 200 : 404);
            }
        }
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> FakeCivicMain.parse(new String[] {"--port"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> FakeCivicMain.parse(new String[] {"--port", "x"})).hasMessageContaining("whole number");
        assertThatThrownBy(() -> FakeCivicMain.parse(new String[] {"--colour"})).hasMessageContaining("--colour");
        assertThat(FakeCivicMain.parse(new String[] {"--help"})).isNull();
    }
}

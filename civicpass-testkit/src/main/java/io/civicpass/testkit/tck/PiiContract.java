package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.PassNotFoundException;
import io.civicpass.error.PiiRequestNotFoundException;
import io.civicpass.model.Evidence;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import io.civicpass.model.PiiStatus;
import io.civicpass.testkit.PiiSeed;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PII review: requests with their verified information, evidence by name and by link, decisions
 * (and decisions refused in the wrong status), and links outside the API base refused.
 */
abstract class PiiContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    PiiContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * A PII request reads with its verified information and links; evidence downloads by name
     * and by link; approve and reject reach the fake().
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:getPii")
    @Tag("operation:getPiiEvidence")
    @Tag("operation:updatePiiReceipt")
    void piiReviewAndEvidence(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String id = fake().seedPii(PiiSeed.idDocument().evidence("selfie", "image/png", new byte[] {1, 2, 3}));

        PiiRequest request = civic.pii(id);
        assertThat(request.id()).isEqualTo(id);
        assertThat(request.status()).isEqualTo(PiiStatus.VERIFICATION_SUCCESS);
        assertThat(request.type()).isEqualTo(PiiSeed.ID_DOCUMENT_TYPE);
        assertThat(request.verifiedInformation().email()).contains("jane.doe@example.com");
        assertThat(request.verifiedInformation().documentType()).contains("passport");
        assertThat(request.evidenceLinks()).extracting(PiiLink::rel)
                .containsExactly("idDocumentFront", "idDocumentBack", "selfie");
        assertThat(request.isAwaitingDecision()).isTrue();

        Evidence byName = civic.evidence(id, "selfie");
        assertThat(byName.contentType()).startsWith("image/png");
        assertThat(byName.bytes()).containsExactly(1, 2, 3);
        Evidence byLink = civic.evidence(request.link("idDocumentFront").orElseThrow());
        assertThat(byLink.contentType()).startsWith("image/jpeg");
        assertThat(byLink.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);

        civic.approvePii(id);
        assertThat(fake().piiStatus(id)).isEqualTo(PiiStatus.PARTNER_PASS);
        String other = fake().seedPii(PiiSeed.emailOnly());
        civic.rejectPii(other);
        assertThat(fake().piiStatus(other)).isEqualTo(PiiStatus.PARTNER_FAIL);
        assertThat(civic.pii(other).status()).isEqualTo(PiiStatus.PARTNER_FAIL);
    }

    /**
     * A decision on a request that is not awaiting one is refused; an unknown request is not found.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:updatePiiReceipt")
    @Tag("operation:getPii")
    void piiDecisionInWrongStatusRefused(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String waiting = fake().seedPii(PiiSeed.idDocument().status(PiiStatus.AWAITING_USER));
        expect(InvalidRequestException.class, () -> civic.approvePii(waiting));
        assertThat(fake().piiStatus(waiting)).isEqualTo(PiiStatus.AWAITING_USER);
        expect(PiiRequestNotFoundException.class, () -> civic.pii("no-such-request"));
    }

    /**
     * A PII link pointing outside the API base is not followed: the token stays home.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    void foreignLinkNotFollowed(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        String port = String.valueOf(fake().apiUrl().getPort());
        for (String href : List.of("https://evil.example.com/partner/piirequest/x/evidence/front",
                "http://127.0.0.1:" + port + "/oauth/token",
                "http://localhost:" + port + "/partner/piirequest/x/evidence/front",
                fake().apiUrl() + "/piirequest/x/../../../oauth/token")) {
            assertThatThrownBy(() -> civic.evidence(new PiiLink("idDocumentFront", href)))
                    .as(href).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fake().journal().all()).isEmpty();
    }
}

package io.civicpass.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    static final String SECRET = "s3cr3t-Value-That-Must-Not-Leak";

    @Test
    void credentialsNeverShowTheSecret() {
        ClientCredentials credentials = ClientCredentials.of("client-1", SECRET);
        assertThat(credentials.toString()).contains("client-1").doesNotContain(SECRET);
        assertThatThrownBy(() -> ClientCredentials.of("client-1", " ")).hasMessage("clientSecret must not be blank");
        assertThatThrownBy(() -> ClientCredentials.of("", SECRET))
                .hasMessageContaining("clientId").hasMessageNotContaining(SECRET);
    }

    @Test
    void accessTokenNeverShowsItsValue() {
        AccessToken token = new AccessToken("eyJhbGciOi.payload.sig", "Bearer", Instant.EPOCH, Set.of("issue:pass"));
        assertThat(token.toString()).doesNotContain("eyJhbGciOi").contains("issue:pass");
        assertThat(token.authorizationHeader()).isEqualTo("Bearer eyJhbGciOi.payload.sig");
    }

    @Test
    void piiNeverAppearsInToString() {
        VerifiedInformation info = VerifiedInformation.of(Map.of("email", "jane@example.com", "name", "Jane Roe",
                "dateOfBirth", "1990-01-01"));
        PiiRequest request = new PiiRequest("9a7a77af", "gatekeeperProofOfIdentityWithIdDocument-v3",
                PiiStatus.VERIFICATION_SUCCESS, List.of(new PiiLink("self", "https://x/piirequest/9a7a77af")), info, null);
        assertThat(request.toString()).contains("9a7a77af", "email", "verification-success")
                .doesNotContain("jane@example.com", "Jane Roe", "1990-01-01");
        Evidence evidence = new Evidence("image/jpeg", new byte[] {1, 2, 3});
        assertThat(evidence.toString()).isEqualTo("Evidence[contentType=image/jpeg, 3 bytes]");
    }

    @Test
    void verifiedInformationHasTypedAccessors() {
        VerifiedInformation info = VerifiedInformation.of(Map.of("email", "jane@example.com", "dateOfBirth", "1990-01-01",
                "dateOfExpiry", "not a date", "accountId", "did:sol:abc", "extra", 7));
        assertThat(info.email()).contains("jane@example.com");
        assertThat(info.dateOfBirth()).contains(java.time.LocalDate.of(1990, 1, 1));
        assertThat(info.dateOfExpiry()).isEmpty();
        assertThat(info.accountId()).contains("did:sol:abc");
        assertThat(info.get("extra")).contains(7);
        assertThat(info.text("extra")).isEmpty();
        assertThat(info.name()).isEmpty();
    }

    @Test
    void evidenceCopiesItsBytes() {
        byte[] bytes = {1, 2, 3};
        Evidence evidence = new Evidence("image/png", bytes);
        bytes[0] = 9;
        evidence.bytes()[1] = 9;
        assertThat(evidence.bytes()).containsExactly(1, 2, 3);
    }
}

package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.civicpass.CivicPassAsyncClient;
import io.civicpass.CivicPassClient;
import io.civicpass.testkit.tck.TransportContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@code civic-contract.json} has a client operation on both faces, a route of
 * the fake and a contract case; and the check names what is missing when one lacks any of them.
 */
class OperationCompletenessTest {

    private static final JsonNode CONTRACT = RequestChecker.loadContract();

    @Test
    void everyOperationHasAClientOperationOnBothFacesAFakeRouteAndAContractCase() {
        assertThat(OperationCompleteness.gaps(CONTRACT, RouteTable.civic(), TransportContract.class,
                CivicPassClient.class, CivicPassAsyncClient.class)).isEmpty();
    }

    @Test
    void aClientTypeLackingAnOperationsMethodFailsTheCheckNamingTheMethod() {
        assertThat(OperationCompleteness.gaps(CONTRACT, RouteTable.civic(), TransportContract.class,
                CivicPassClient.class, ClientWithoutRevoke.class))
                .containsExactly("operation deletePass (DELETE /pass/{chain}/{chainNetwork}/{wallet}):"
                        + " ClientWithoutRevoke has no public method revoke");
    }

    @Test
    void anOperationWithoutAContractCaseFailsTheCheckNamingTheOperation() {
        assertThat(OperationCompleteness.gaps(CONTRACT, RouteTable.civic(), SuiteWithoutPiiCases.class,
                CivicPassClient.class))
                .containsExactly(
                        "operation getPii (GET /piirequest/{scopeRequestId}) has no contract case: no test of"
                                + " SuiteWithoutPiiCases is tagged @Tag(\"operation:getPii\")",
                        "operation updatePiiReceipt (PUT /piirequest/{scopeRequestId}/status) has no contract case:"
                                + " no test of SuiteWithoutPiiCases is tagged @Tag(\"operation:updatePiiReceipt\")",
                        "operation getPiiEvidence (GET /piirequest/{scopeRequestId}/evidence/{rel}) has no contract"
                                + " case: no test of SuiteWithoutPiiCases is tagged @Tag(\"operation:getPiiEvidence\")",
                        "a contract case is tagged operation:getPassHistory, an operation the contract does not list");
    }

    @Test
    void anOperationWithoutARouteOrClientMethodsFailsTheCheckNamingTheOperation() {
        JsonNode withoutPii = CONTRACT.deepCopy();
        ArrayNode operations = (ArrayNode) withoutPii.get("operations");
        for (int i = operations.size() - 1; i >= 0; i--) {
            if (operations.get(i).path("id").asText().equals("getPii")) {
                operations.remove(i);
            }
        }
        Map<String, RouteTable.Handler> handlers = new LinkedHashMap<>(Router.HANDLERS);
        handlers.remove("getPii");
        RouteTable routesWithoutPii = RouteTable.build(withoutPii, handlers);
        JsonNode unnamed = CONTRACT.deepCopy();
        for (JsonNode operation : unnamed.get("operations")) {
            if (operation.path("id").asText().equals("getPii")) {
                ((ObjectNode) operation).putArray("clientMethods");
            }
        }

        assertThat(OperationCompleteness.gaps(unnamed, routesWithoutPii, TransportContract.class, CivicPassClient.class))
                .containsExactly("operation getPii (GET /piirequest/{scopeRequestId}) names no clientMethods in the contract",
                        "operation getPii (GET /piirequest/{scopeRequestId}) has no route in the fake");
    }

    /** A stand-in for a client face: every operation's method but {@code revoke}. */
    public static final class ClientWithoutRevoke {
        public void list() {
        }

        public void issue() {
        }

        public void get() {
        }

        public void find() {
        }

        public void awaitConfirmed() {
        }

        public void update() {
        }

        public void freeze() {
        }

        public void unfreeze() {
        }

        public void expireAt() {
        }

        public void forceRefresh() {
        }

        public void pii() {
        }

        public void decidePii() {
        }

        public void approvePii() {
        }

        public void rejectPii() {
        }

        public void evidence() {
        }

        public void verifyConfiguration() {
        }
    }

    /** A stand-in suite: cases for the token and the pass operations, none for PII, one for no operation. */
    static class SuiteWithoutPiiCases {
        @Nested
        class Passes extends PassCases {
        }

        @Nested
        class Tokens {
            @Test
            @Tag("operation:token")
            void token() {
            }
        }

        /** Not a group of the suite (no {@code @Nested}): its tag does not count. */
        class NotAGroup {
            @Test
            @Tag("operation:getPii")
            void pii() {
            }
        }
    }

    /** Cases a group inherits, as the contract's groups do. */
    abstract static class PassCases {
        @Test
        @Tag("operation:listPass")
        @Tag("operation:issuePass")
        @Tag("operation:getPass")
        @Tag("operation:patchPass")
        @Tag("operation:deletePass")
        void lifecycle() {
        }

        @Test
        @Tag("operation:getPassHistory")
        void history() {
        }

        /** Not a test: its tag does not count. */
        @Tag("operation:getPiiEvidence")
        void helper() {
        }
    }
}

package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fake's one route table: built from {@code civic-contract.json} and the rooms' handlers,
 * refusing at start what it cannot serve, and finding a request's route or its 404 or 405.
 */
class RouteTableTest {

    private static final JsonNode CONTRACT = RequestChecker.loadContract();

    @Test
    void everyOperationOfTheContractIsARouteWithItsHandlerAndTheScopeTheFakeAssumes() {
        RouteTable table = RouteTable.civic();
        Map<String, String> scopes = new LinkedHashMap<>();
        for (RouteTable.Route route : table.routes()) {
            assertThat(route.handler()).as(route.operationId()).isNotNull();
            if (route.mount() == RouteTable.Mount.ADMIN) {
                continue; // the fake's own routes: AdminApiTest
            }
            scopes.put(route.operationId(), route.scope() == null ? "(no Bearer token)" : route.scope());
        }
        assertThat(scopes).containsExactly(
                Map.entry("listPass", "search:pass"),
                Map.entry("issuePass", "issue:pass"),
                Map.entry("getPass", "search:pass"),
                Map.entry("patchPass", "update:pass"),
                Map.entry("deletePass", "update:pass"),
                Map.entry("getPii", "get:pii"),
                Map.entry("updatePiiReceipt", "put:piirequest"),
                Map.entry("getPiiEvidence", "get:pii"),
                Map.entry("token", "(no Bearer token)"));
        assertThat(table.route("token").mount()).isEqualTo(RouteTable.Mount.TOKEN_HOST);
        assertThat(table.route("getPiiEvidence").mount()).isEqualTo(RouteTable.Mount.API);
    }

    @Test
    void aRouteWithoutAHandlerFailsTheFakeAtStartNamingTheRoute() {
        Map<String, RouteTable.Handler> handlers = new LinkedHashMap<>(Router.HANDLERS);
        handlers.remove("getPass");

        assertThatThrownBy(() -> RouteTable.build(CONTRACT, handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the fake cannot serve Civic's contract: the operation getPass"
                        + " (GET /pass/{chain}/{chainNetwork}/{wallet}) has no handler in the fake");
    }

    @Test
    void anApiRouteWithoutAScopeFailsAtStartNamingTheRoute() {
        ObjectNode contract = CONTRACT.deepCopy();
        operation(contract, "patchPass").remove("assumedScope");

        assertThatThrownBy(() -> RouteTable.build(contract, Router.HANDLERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the API operation patchPass (PATCH /pass/{chain}/{chainNetwork}/{wallet})"
                        + " names no assumedScope");
    }

    @Test
    void aScopeNoClientCanBeGrantedAHandlerForNoOperationAndAScopedTokenEndpointFailAtStart() {
        ObjectNode contract = CONTRACT.deepCopy();
        operation(contract, "getPii").put("assumedScope", "read:pii");
        operation(contract, "token").put("assumedScope", "search:pass");
        Map<String, RouteTable.Handler> handlers = new LinkedHashMap<>(Router.HANDLERS);
        handlers.put("getPassHistory", call -> null);

        assertThatThrownBy(() -> RouteTable.build(contract, handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("getPii (GET /piirequest/{scopeRequestId}) needs the scope read:pii,"
                        + " which no client can be granted")
                .hasMessageContaining("the token operation token (POST /oauth/token) names a scope")
                .hasMessageContaining("a handler for getPassHistory, an operation the contract does not list");
    }

    @Test
    void twoRoutesOneRequestCouldMatchFailAtStart() {
        ObjectNode contract = CONTRACT.deepCopy();
        ObjectNode shadow = ((ArrayNode) contract.get("operations")).addObject();
        shadow.put("id", "getPassEvents").put("method", "GET").put("path", "/pass/{chain}/{network}/{wallet}")
                .put("assumedScope", "search:pass");
        Map<String, RouteTable.Handler> handlers = new LinkedHashMap<>(Router.HANDLERS);
        handlers.put("getPassEvents", call -> null);

        assertThatThrownBy(() -> RouteTable.build(contract, handlers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the fake cannot serve Civic's contract: one request could match both getPass"
                        + " (GET /pass/{chain}/{chainNetwork}/{wallet}) and getPassEvents"
                        + " (GET /pass/{chain}/{network}/{wallet})");
    }

    @Test
    void aRequestFindsItsRouteByMethodAndSegmentsAndItsPathVariablesByName() {
        RouteTable table = RouteTable.civic();
        List<String> segments = List.of("piirequest", "9a7a77af", "evidence", "selfie");

        RouteTable.Route route = table.api("GET", segments, "/partner/piirequest/9a7a77af/evidence/selfie");

        assertThat(route.operationId()).isEqualTo("getPiiEvidence");
        assertThat(route.variable("scopeRequestId", segments)).isEqualTo("9a7a77af");
        assertThat(route.variable("rel", segments)).isEqualTo("selfie");
        assertThat(table.api("PUT", List.of("piirequest", "9a7a77af", "status"), "/x").operationId())
                .isEqualTo("updatePiiReceipt");
        assertThat(table.root("POST", FakeCivic.TOKEN_PATH).operationId()).isEqualTo("token");
        assertThat(table.root("POST", "/oauth/other")).isNull();
    }

    @Test
    void aPathNoRouteHasIs404AndAMethodItsRoutesLackIs405NamingThoseTheyHave() {
        RouteTable table = RouteTable.civic();

        assertThat(refusal(() -> table.api("GET", List.of("pass", "ethereum"), "/partner/pass/ethereum")))
                .isEqualTo("404 no such endpoint: /partner/pass/ethereum");
        assertThat(refusal(() -> table.api("GET", List.of("piirequest", "x", "statuses"), "/partner/piirequest/x/statuses")))
                .isEqualTo("404 no such endpoint: /partner/piirequest/x/statuses");
        assertThat(refusal(() -> table.api("PUT", List.of("pass", "ethereum", "sepolia", "0xabc"), "/p")))
                .isEqualTo("405 method PUT is not allowed here; use GET or PATCH or DELETE");
        assertThat(refusal(() -> table.api("GET", List.of("pass"), "/p")))
                .isEqualTo("405 method GET is not allowed here; use POST");
        assertThat(refusal(() -> table.root("GET", FakeCivic.TOKEN_PATH)))
                .isEqualTo("405 method GET is not allowed here; use POST");
    }

    private static String refusal(Runnable lookup) {
        try {
            lookup.run();
        } catch (ApiError refused) {
            return refused.status + " " + refused.getMessage();
        }
        throw new AssertionError("no refusal");
    }

    private static ObjectNode operation(ObjectNode contract, String id) {
        for (JsonNode operation : contract.get("operations")) {
            if (operation.path("id").asText().equals(id)) {
                return (ObjectNode) operation;
            }
        }
        throw new AssertionError("no operation " + id + " in " + contract.get("operations").findValuesAsText("id")
                .stream().collect(Collectors.joining(", ")));
    }
}

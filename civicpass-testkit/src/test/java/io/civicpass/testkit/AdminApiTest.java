package io.civicpass.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin API over HTTP, one test per endpoint at least; every response is checked against the
 * admin API's OpenAPI document ({@link AdminHttp}), and the last test checks every operation of
 * the document was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {

    private static final String WALLET = "0xEA5Ce8F9C81b681876DC713d33371c3E262A5888";
    private static final String OTHER_WALLET = "0x52908400098527886E0F7030069857D2E4169EE7";
    private static final String PASS_PATH = "/partner/pass/ethereum/sepolia/" + WALLET;
    private static final String SEED = "{\"chain\":\"ethereum\",\"network\":\"sepolia\",\"walletAddress\":\"" + WALLET + "\"}";

    private final FakeCivic fake = FakeCivic.builder().adminApi(true).confirmationDelay(Duration.ofSeconds(2)).start();
    private final AdminHttp admin = new AdminHttp(fake);
    private final RawHttp api = new RawHttp(fake);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void healthAndVersionAnswerWithTheTestkitsVersion() {
        assertThat(admin.get("/health").json()).isEqualTo(AdminHttp.read("{\"status\":\"ok\"}"));
        AdminHttp.Response version = admin.get("/version");
        assertThat(version.json().path("version").asText()).isEqualTo(System.getProperty("civicpass.testkit.version"))
                .isNotBlank();
    }

    @Test
    void theServedOpenApiDocumentIsTheFileInTheRepository() throws IOException {
        AdminHttp.Response served = admin.get("/openapi.json");

        assertThat(served.raw().body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(Files.readAllBytes(AdminHttp.DOCUMENT_FILE));
        assertThat(served.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void everyAdminOperationOfTheDocumentIsAnAdminRouteOfTheFakesOneTable() {
        Set<String> documented = operationIds();
        Set<String> routed = new TreeSet<>();
        for (RouteTable.Route route : RouteTable.civic().routes()) {
            if (route.mount() == RouteTable.Mount.ADMIN) {
                routed.add(route.operationId());
                assertThat(route.handler()).as(route.operationId()).isNotNull();
            }
        }
        assertThat(routed).isEqualTo(documented).hasSize(AdminDesk.HANDLERS.size());
    }

    @Test
    void everyResponseSchemaOfTheDocumentIsClosedAndTyped() {
        for (Iterator<String> names = AdminHttp.DOCUMENT.at("/components/schemas").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode schema = AdminHttp.DOCUMENT.at("/components/schemas/" + name);
            assertThat(schema.has("type")).as(name + " is typed").isTrue();
            if (!name.equals("OpenApi") && schema.path("type").asText().equals("object")) {
                assertThat(schema.path("additionalProperties").asBoolean(true)).as(name + " is closed").isFalse();
            }
        }
    }

    @Test
    void resetForgetsPassesPiiFaultsJournalTokensClientsAndClockAndPutsTheSwitchesBack() {
        admin.post("/passes", SEED);
        admin.post("/pii", "{\"shape\":\"emailOnly\",\"id\":\"seeded-1\"}");
        admin.post("/faults", "{\"type\":\"status\",\"status\":503,\"path\":\"/nowhere\"}");
        admin.post("/clients", "{\"clientId\":\"other\",\"clientSecret\":\"s3cret\"}");
        admin.post("/clock/advance", "{\"millis\":60000}");
        admin.call("PUT", "/settings", "{\"reissueBehaviour\":\"NO_OP\",\"confirmationDelayMs\":50}");
        String token = api.token();

        AdminHttp.Response reset = admin.post("/reset", null);

        assertThat(reset.status()).isEqualTo(200);
        assertThat(admin.get("/passes").json().path("passes")).isEmpty();
        assertThat(admin.get("/requests").json().path("requests")).isEmpty();
        assertThat(admin.get("/clock").json().path("offsetMillis").asLong()).isZero();
        assertThat(admin.get("/settings").json().path("reissueBehaviour").asText()).isEqualTo("REFUSE");
        assertThat(admin.get("/settings").json().path("confirmationDelayMs").asLong())
                .as("the confirmation delay stays, as FakeCivic.reset() keeps it").isEqualTo(50);
        assertThat(get(PASS_PATH, token).statusCode()).as("the old token").isEqualTo(401);
        assertThat(fake.passes()).isEmpty();
        assertThatThrownBy(() -> fake.piiStatus("seeded-1")).isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(get("/nowhere", null).statusCode()).as("the fault is gone").isEqualTo(404);
        assertThat(api.basicToken("other", "s3cret", "grant_type=client_credentials").statusCode()).isEqualTo(401);
    }

    @Test
    void seededPassesShowThroughCivicsApiAndAsTheFakeHoldsThem() {
        AdminHttp.Response one = admin.post("/passes", SEED);
        AdminHttp.Response many = admin.post("/passes", "[{\"chain\":\"solana\",\"network\":\"devnet\","
                + "\"walletAddress\":\"4v4PL5bMZXXvQB3mvWPXLvqfJpjJmPRnPrmENnUESQQQ\",\"state\":\"FROZEN\"},"
                + "{\"chain\":\"ethereum\",\"network\":\"sepolia\",\"walletAddress\":\"" + OTHER_WALLET + "\","
                + "\"state\":\"REVOKED\",\"expiry\":4102444800}]");

        assertThat(one.status()).isEqualTo(201);
        assertThat(one.json().at("/passes/0/state").asText()).isEqualTo("ACTIVE");
        assertThat(many.json().path("passes")).hasSize(2);
        assertThat(many.json().at("/passes/0/onChainState").asText()).isEqualTo("FROZEN");
        assertThat(many.json().at("/passes/1/expiry").asLong()).isEqualTo(4102444800L);
        HttpResponse<String> retrieved = get(PASS_PATH, api.token());
        assertThat(retrieved.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(retrieved).path("id").asText()).isEqualTo(one.json().at("/passes/0/id").asText());
        assertThat(admin.get("/passes").json().path("passes")).hasSize(3);
    }

    @Test
    void aPassSeededWithAHistoryShowsItsPendingAndFailedEventsAndStaysHiddenWhileItsIssuanceIsPending() {
        AdminHttp.Response seeded = admin.post("/passes", "{\"chain\":\"ethereum\",\"network\":\"sepolia\","
                + "\"walletAddress\":\"" + WALLET + "\",\"events\":[{\"type\":\"ISSUE\",\"status\":\"sent\"}]}");
        admin.post("/passes", "{\"chain\":\"ethereum\",\"network\":\"sepolia\",\"walletAddress\":\"" + OTHER_WALLET
                + "\",\"events\":[{\"type\":\"ISSUE\"},{\"type\":\"FREEZE\",\"status\":\"failed\"},"
                + "{\"type\":\"EXPIRY\",\"expiry\":4102444800}]}");

        JsonNode pending = seeded.json().at("/passes/0");
        assertThat(pending.path("visible").asBoolean()).isFalse();
        assertThat(pending.path("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(get(PASS_PATH, api.token()).statusCode()).as("hidden until its issue confirms").isEqualTo(404);
        JsonNode listed = admin.get("/passes").json().path("passes");
        assertThat(listed).hasSize(2);
        JsonNode failed = listed.get(1);
        assertThat(failed.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(failed.path("expiry").asLong()).isEqualTo(4102444800L);
        assertThat(failed.path("events").findValuesAsText("status")).contains("failed");
    }

    @Test
    void aBatchWithOneBadPassIsRefusedNamingTheFieldAndPlantsNone() {
        AdminHttp.Response refused = admin.post("/passes", "[" + SEED + ",{\"chain\":\"ethereum\",\"network\":\"devnet\","
                + "\"walletAddress\":\"" + OTHER_WALLET + "\"}]");
        AdminHttp.Response twice = admin.post("/passes", "[" + SEED + "," + SEED + "]");
        AdminHttp.Response unknown = admin.post("/passes", "{\"chain\":\"ethereum\",\"colour\":1}");
        AdminHttp.Response revokedOnChain = admin.post("/passes", SEED.replace("}", ",\"onChainState\":\"REVOKED\"}"));
        AdminHttp.Response noClient = admin.post("/passes", SEED.replace("}", ",\"clientId\":\"nobody\"}"));
        AdminHttp.Response notJson = admin.post("/passes", "{");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).startsWith("[1].network: must be one of");
        assertThat(twice.message()).startsWith("[1].walletAddress: client " + RawHttp.SANDBOX_ID + " has a pass");
        assertThat(unknown.message()).startsWith("colour: unknown field");
        assertThat(revokedOnChain.message()).startsWith("state: a pass revoked on chain stays REVOKED");
        assertThat(noClient.message()).isEqualTo("body.clientId: client 'nobody' is not registered");
        assertThat(notJson.message()).isEqualTo("body: not valid JSON");
        assertThat(admin.get("/passes").json().path("passes")).as("nothing half-applied").isEmpty();
        assertThat(admin.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aPassChangedAsAnotherPartyWouldShowsAtOnceOrAfterTheDelayAndCostsNoTransaction() {
        admin.post("/passes", SEED);

        AdminHttp.Response frozen = admin.call("PATCH", "/passes/ethereum/sepolia/" + WALLET, "{\"state\":\"FROZEN\"}");
        AdminHttp.Response pending = admin.call("PATCH", "/passes/ethereum/sepolia/" + WALLET,
                "{\"state\":\"ACTIVE\",\"pending\":true}");

        assertThat(frozen.status()).isEqualTo(200);
        assertThat(frozen.json().path("onChainState").asText()).isEqualTo("FROZEN");
        assertThat(frozen.json().path("transactions").asInt()).isZero();
        assertThat(pending.json().path("state").asText()).isEqualTo("ACTIVE");
        assertThat(pending.json().path("onChainState").asText()).isEqualTo("FROZEN");
        admin.post("/clock/advance", "{\"millis\":2000}");
        assertThat(RawHttp.json(get(PASS_PATH, api.token())).path("onChainState").asText()).isEqualTo("ACTIVE");

        AdminHttp.Response none = admin.call("PATCH", "/passes/ethereum/sepolia/" + OTHER_WALLET, "{\"state\":\"FROZEN\"}");
        AdminHttp.Response badChain = admin.call("PATCH", "/passes/bitcoin/main/x", "{\"state\":\"FROZEN\"}");
        AdminHttp.Response nothing = admin.call("PATCH", "/passes/ethereum/sepolia/" + WALLET, "{}");
        admin.call("PATCH", "/passes/ethereum/sepolia/" + WALLET, "{\"state\":\"REVOKED\"}");
        AdminHttp.Response afterRevoke = admin.call("PATCH", "/passes/ethereum/sepolia/" + WALLET, "{\"state\":\"ACTIVE\"}");
        assertThat(none.status()).isEqualTo(404);
        assertThat(badChain.message()).startsWith("chain: must be one of");
        assertThat(nothing.message()).isEqualTo("state: give state, expiry or both");
        assertThat(afterRevoke.message()).isEqualTo("state: the pass is revoked, which is final");
    }

    @Test
    void piiRequestsOfEachShapeAreServedByCivicsApi() {
        AdminHttp.Response seeded = admin.post("/pii", "[{\"shape\":\"idDocument\",\"id\":\"doc-1\"},"
                + "{\"shape\":\"emailOnly\",\"status\":\"awaiting-user\"},"
                + "{\"shape\":\"custom\",\"type\":\"gatekeeperProofOfAge-v1\",\"fields\":{\"over18\":true},"
                + "\"evidence\":{\"selfie\":{\"contentType\":\"image/png\",\"base64\":\"iVBORw0K\"}}}]");

        assertThat(seeded.status()).isEqualTo(201);
        JsonNode list = seeded.json().path("ids");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).asText()).isEqualTo("doc-1");
        String token = api.token();
        assertThat(RawHttp.json(get("/partner/piirequest/doc-1", token)).toString()).contains("Jane Quinn Doe");
        assertThat(fake.piiStatus(list.get(1).asText()).value()).isEqualTo("awaiting-user");
        HttpResponse<String> evidence = get("/partner/piirequest/" + list.get(2).asText() + "/evidence/selfie", token);
        assertThat(evidence.statusCode()).isEqualTo(200);

        AdminHttp.Response taken = admin.post("/pii", "[{\"shape\":\"emailOnly\",\"id\":\"new-1\"},"
                + "{\"shape\":\"emailOnly\",\"id\":\"doc-1\"}]");
        AdminHttp.Response customWithoutFields = admin.post("/pii", "{\"shape\":\"custom\",\"type\":\"t\"}");
        AdminHttp.Response badStatus = admin.post("/pii", "{\"shape\":\"emailOnly\",\"status\":\" \"}");
        assertThat(taken.message()).isEqualTo("[1].id: a PII request with id 'doc-1' exists already");
        assertThatThrownBy(() -> fake.piiStatus("new-1")).as("none of the batch planted")
                .isInstanceOf(java.util.NoSuchElementException.class);
        assertThat(customWithoutFields.message()).startsWith("fields: is required for a custom request");
        assertThat(badStatus.message()).startsWith("status: ' ' is not a PII status");
    }

    @Test
    void twoInjected503sWithRetryAfterStrikeTheMatchingRequestsThenTheFaultsAreSpent() {
        admin.post("/passes", SEED);
        String token = api.token();

        AdminHttp.Response armed = admin.post("/faults", "{\"type\":\"status\",\"status\":503,\"retryAfter\":\"1\","
                + "\"method\":\"get\",\"path\":\"/partner/pass/**\",\"times\":2}");

        assertThat(armed.status()).isEqualTo(201);
        assertThat(armed.json().path("method").asText()).isEqualTo("GET");
        HttpResponse<String> first = get(PASS_PATH, token);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(get(PASS_PATH, token).statusCode()).isEqualTo(503);
        assertThat(get(PASS_PATH, token).statusCode()).isEqualTo(200);
    }

    @Test
    void everyKindOfFaultCanBeInjectedAndClearedAndABadOneIsRefusedNamingTheField() {
        String token = api.token();
        admin.post("/faults", "{\"type\":\"html\",\"status\":502,\"path\":\"/partner/pass/**\"}");
        HttpResponse<String> page = get(PASS_PATH, token);
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        admin.post("/faults", "{\"type\":\"empty\",\"path\":\"/partner/pass/**\",\"afterProcessing\":false}");
        assertThat(get(PASS_PATH, token).body()).isEmpty();
        for (String kind : List.of("{\"type\":\"latency\",\"delayMs\":1,\"maxDelayMs\":2,\"path\":\"/never\"}",
                "{\"type\":\"reset\",\"path\":\"/never\"}", "{\"type\":\"malformed\",\"path\":\"/never\"}",
                "{\"type\":\"truncated\",\"path\":\"/never\",\"afterProcessing\":true}",
                "{\"type\":\"status\",\"status\":500,\"body\":\"{}\",\"headers\":{\"X-Trace\":\"1\"},\"path\":\"/never\"}")) {
            assertThat(admin.post("/faults", kind).status()).as(kind).isEqualTo(201);
        }
        admin.post("/faults", "{\"type\":\"status\",\"status\":503,\"path\":\"/partner/pass/**\",\"times\":5}");

        AdminHttp.Response cleared = admin.call("DELETE", "/faults", null);

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(get(PASS_PATH, token).statusCode()).as("no fault left").isEqualTo(404);
        assertThat(admin.post("/faults", "{\"type\":\"status\"}").message())
                .isEqualTo("status: is required for a status fault");
        assertThat(admin.post("/faults", "{\"type\":\"reset\",\"retryAfter\":\"1\"}").message())
                .isEqualTo("retryAfter: belongs to status faults only");
        assertThat(admin.post("/faults", "{\"type\":\"latency\",\"delayMs\":5,\"maxDelayMs\":1}").message())
                .startsWith("maxDelayMs:");
        assertThat(admin.post("/faults", "{\"type\":\"status\",\"status\":503,\"times\":0}").message())
                .startsWith("times: must be between 1 and");
        assertThat(admin.post("/faults", "{\"type\":\"status\",\"status\":503,\"path\":\"partner\"}").message())
                .startsWith("path: must be a glob starting with /");
        assertThat(get(PASS_PATH, token).statusCode()).as("no refused fault was armed").isEqualTo(404);
    }

    @Test
    void theJournalIsServedNewestLastWithSinceAndLimitRedactedAndWithoutTheAdminCalls() {
        api.token();
        api.basicToken("id", "form-secret", "grant_type=client_credentials&client_secret=form-secret");
        api.jsonToken("{\"client_id\":\"id\",\"client_secret\":\"json-secret\",\"grant_type\":\"client_credentials\"}");
        admin.get("/health");

        JsonNode all = admin.get("/requests").json();
        JsonNode page = admin.get("/requests?since=2&limit=1").json();

        assertThat(all.path("requests")).hasSize(3);
        assertThat(all.path("next").asLong()).isEqualTo(4);
        assertThat(all.path("requests").findValuesAsText("seq")).containsExactly("1", "2", "3");
        assertThat(all.toString()).doesNotContain("form-secret", "json-secret",
                RawHttp.SANDBOX_SECRET).contains("Basic [redacted]", "client_secret=[redacted]",
                "\\\"client_secret\\\":\\\"[redacted]\\\"");
        assertThat(page.path("requests")).hasSize(1);
        assertThat(page.at("/requests/0/seq").asLong()).isEqualTo(2);
        assertThat(page.path("next").asLong()).isEqualTo(3);
        assertThat(admin.get("/requests?since=4").json().path("requests")).isEmpty();
        assertThat(admin.get("/requests?path=/partner/**").json().path("requests")).isEmpty();
        assertThat(admin.get("/requests?limit=0").message()).startsWith("limit: must be between 1 and");
        assertThat(admin.get("/requests?colour=red").message()).startsWith("colour: unknown query parameter");
    }

    @Test
    void aFakeBuiltToShowSecretsServesTheJournalAsReceived() {
        try (FakeCivic showing = FakeCivic.builder().adminApi(true).adminJournalShowsSecrets(true).start()) {
            new RawHttp(showing).token();

            JsonNode journal = new AdminHttp(showing).get("/requests").json();

            String basic = java.util.Base64.getEncoder().encodeToString((RawHttp.SANDBOX_ID + ":" + RawHttp.SANDBOX_SECRET)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(journal.at("/requests/0/headers/Authorization/0").asText()).isEqualTo("Basic " + basic);
        }
    }

    @Test
    void theJournalCountsByMethodAndPathAndIsCleared() {
        String token = api.token();
        get(PASS_PATH, token);
        get(PASS_PATH, token);

        assertThat(admin.get("/requests/count?method=GET&path=/partner/pass/**").json().path("count").asInt()).isEqualTo(2);
        assertThat(admin.get("/requests/count?method=POST&path=/partner/**").json().path("count").asInt()).isZero();
        assertThat(admin.get("/requests/count").json().path("count").asInt()).isEqualTo(3);
        assertThat(admin.get("/requests/count?method=G%20T").message()).startsWith("method: must be an HTTP method");

        AdminHttp.Response cleared = admin.call("DELETE", "/requests", null);

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(admin.get("/requests/count").json().path("count").asInt()).isZero();
        assertThat(fake.journal().size()).isZero();
    }

    @Test
    void theClockAdvancesByMillisOrAnIsoDurationAndConfirmsAPendingChange() {
        admin.post("/passes", SEED.replace("}", ",\"state\":\"FROZEN\",\"onChainState\":\"ACTIVE\"}"));

        AdminHttp.Response before = admin.get("/clock");
        AdminHttp.Response advanced = admin.post("/clock/advance", "{\"duration\":\"PT1S\"}");
        admin.post("/clock/advance", "{\"millis\":1500}");

        assertThat(before.json().path("offsetMillis").asLong()).isZero();
        assertThat(advanced.json().path("offsetMillis").asLong()).isEqualTo(1000);
        assertThat(fake.clock().offset()).isEqualTo(Duration.ofMillis(2500));
        assertThat(admin.get("/passes").json().at("/passes/0/onChainState").asText()).isEqualTo("FROZEN");
        assertThat(admin.post("/clock/advance", "{\"millis\":1,\"duration\":\"PT1S\"}").message())
                .isEqualTo("millis: give exactly one of millis and duration");
        assertThat(admin.post("/clock/advance", "{\"duration\":\"-PT1S\"}").message()).startsWith("duration:");
        assertThat(admin.post("/clock/advance", "{\"millis\":-1}").message()).startsWith("millis:");
        assertThat(fake.clock().offset()).as("refusals move nothing").isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void settingsListEverySwitchAndTheDelayAndAreChangedWholeOrNotAtAll() {
        JsonNode settings = admin.get("/settings").json();
        Set<String> names = new TreeSet<>();
        settings.fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>();
        Switches.SETTINGS.forEach(setting -> expected.add(setting.name()));
        expected.add("confirmationDelayMs");
        assertThat(names).isEqualTo(expected);
        Set<String> documented = new TreeSet<>();
        AdminHttp.DOCUMENT.at("/components/schemas/Settings/properties").fieldNames().forEachRemaining(documented::add);
        assertThat(documented).as("the document's settings are Switches.SETTINGS").isEqualTo(expected);

        AdminHttp.Response half = admin.call("PUT", "/settings", "{\"hideUntilConfirmed\":false,\"reissueBehaviour\":\"SOMETIMES\"}");
        assertThat(half.message()).startsWith("reissueBehaviour must be one of [REFUSE, NO_OP, DUPLICATE]");
        assertThat(admin.get("/settings").json().path("hideUntilConfirmed").asBoolean()).as("nothing applied").isTrue();

        AdminHttp.Response changed = admin.call("PUT", "/settings", "{\"hideUntilConfirmed\":false,\"confirmationDelayMs\":10}");
        assertThat(changed.json().path("hideUntilConfirmed").asBoolean()).isFalse();
        assertThat(changed.json().path("confirmationDelayMs").asLong()).isEqualTo(10);
        String token = api.token();
        post("/partner/pass/ethereum/sepolia", token, "{\"walletAddress\":\"" + WALLET + "\"}");
        assertThat(get(PASS_PATH, token).statusCode()).as("shown before its issue confirms").isEqualTo(200);
        assertThat(admin.call("PUT", "/settings", "{\"piiReadOnce\":\"no\"}").message())
                .isEqualTo("piiReadOnce: must be true or false");
        assertThat(admin.call("PUT", "/settings", "{\"pageCap\":3}").message()).startsWith("pageCap: unknown field");
    }

    @Test
    void aRegisteredClientGetsTokensWithItsScopesAndRevokedTokensAre401() {
        AdminHttp.Response registered = admin.post("/clients", "{\"clientId\":\"reader\",\"clientSecret\":\"r-secret\","
                + "\"scopes\":[\"search:pass\"]}");
        AdminHttp.Response badScope = admin.post("/clients", "{\"clientId\":\"x\",\"clientSecret\":\"y\",\"scopes\":[\"root\"]}");
        AdminHttp.Response noSecret = admin.post("/clients", "{\"clientId\":\"x\"}");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("scopes").toString()).isEqualTo("[\"search:pass\"]");
        HttpResponse<String> token = api.basicToken("reader", "r-secret", "grant_type=client_credentials");
        assertThat(RawHttp.json(token).path("scope").asText()).isEqualTo("search:pass");
        assertThat(badScope.message()).startsWith("scopes[0]: must be one of");
        assertThat(noSecret.message()).isEqualTo("clientSecret: is required");
        assertThat(api.basicToken("x", "y", "grant_type=client_credentials").statusCode()).isEqualTo(401);

        String sandbox = api.token();
        AdminHttp.Response revoked = admin.post("/tokens/revoke", null);

        assertThat(revoked.json().path("revoked").asInt()).isEqualTo(2);
        assertThat(get(PASS_PATH, sandbox).statusCode()).isEqualTo(401);
    }

    @Test
    void withAnAdminTokenAdminCallsNeedItAndCivicsApiIsUnchanged() {
        try (FakeCivic guarded = FakeCivic.builder().adminApi(true).adminToken("t0ken").start()) {
            AdminHttp.Response without = new AdminHttp(guarded.adminUrl(), null).get("/health");
            AdminHttp.Response wrong = new AdminHttp(guarded.adminUrl(), "other").get("/health");
            AdminHttp.Response right = new AdminHttp(guarded.adminUrl(), "t0ken").get("/health");

            assertThat(without.status()).isEqualTo(401);
            assertThat(without.message()).startsWith("Authorization:");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(new RawHttp(guarded).token()).isNotBlank();
        }
    }

    @Test
    void aFakeWithoutTheAdminApiAnswers404ThereAndHasNoAdminUrl() throws Exception {
        try (FakeCivic plain = FakeCivic.start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + plain.port() + "/__admin/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(plain.journal().all()).as("an unknown path to Civic, journalled as any")
                    .singleElement().satisfies(request -> assertThat(request.path()).isEqualTo("/__admin/health"));
            assertThatThrownBy(plain::adminUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("adminApi(true)");
        }
    }

    @Test
    void unknownAdminPathsAre404AndWrongMethods405InTheDocumentsErrorShape() {
        assertThat(admin.get("/nothing").status()).isEqualTo(404);
        assertThat(admin.call("DELETE", "/health", null).status()).isEqualTo(405);
        assertThat(admin.call("DELETE", "/health", null).message()).isEqualTo("method DELETE is not allowed here; use GET");
    }

    @Test
    void theSchemaCheckRefusesWhatTheDocumentDoesNotAllow() {
        JsonNode status = AdminHttp.read("{\"$ref\":\"#/components/schemas/Status\"}");
        JsonNode count = AdminHttp.read("{\"$ref\":\"#/components/schemas/Count\"}");

        assertThat(AdminHttp.validator(status).validate(AdminHttp.read("{\"status\":\"ok\",\"extra\":1}"))).isNotEmpty();
        assertThat(AdminHttp.validator(count).validate(AdminHttp.read("{\"count\":\"3\"}"))).isNotEmpty();
        assertThat(AdminHttp.validator(count).validate(AdminHttp.read("{}"))).isNotEmpty();
        assertThat(AdminHttp.validator(count).validate(AdminHttp.read("{\"count\":3}"))).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyOperationOfTheDocumentHadItsResponsesChecked() {
        assertThat(new TreeSet<>(AdminHttp.CHECKED)).containsAll(operationIds());
    }

    /** A request from the server root, as a plain HTTP client sends it. */
    private HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fake.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return api.send(request.build());
    }

    private HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    private static Set<String> operationIds() {
        Set<String> ids = new TreeSet<>();
        List<JsonNode> operations = new ArrayList<>();
        AdminHttp.DOCUMENT.path("paths").forEach(path -> path.forEach(operations::add));
        operations.forEach(operation -> ids.add(operation.path("operationId").asText()));
        return ids;
    }
}

package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;
import static io.civicpass.testkit.ErrorBodies.errorBody;
import static io.civicpass.testkit.ErrorBodies.oauthError;
import static io.civicpass.testkit.JsonWriter.JSON_TYPE;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routing: takes a request to the room that answers it through the fake's one {@link RouteTable}
 * (the token endpoint to the OAuth desk, passes to the ledger, PII requests to the PII desk),
 * refuses unknown paths and wrong methods, has the OAuth desk check the route's scope and the
 * {@link RequestChecker} hold request bodies to Civic's contract before any room sees them, and
 * turns a refusal into its error response. Every answer gets a request id here, so all rooms'
 * answers carry one alike.
 */
final class Router {

    /**
     * The handlers of every route, by the contract's operation id: each room lists those of the
     * operations it answers, beside the methods they call.
     */
    static final Map<String, RouteTable.Handler> HANDLERS = merge(OAuthDesk.HANDLERS, PassLedger.HANDLERS,
            PiiDesk.HANDLERS);
    private static final String API_PREFIX = FakeCivic.API_PATH + "/";

    private final OAuthDesk oauth;
    private final PassLedger ledger;
    private final PiiDesk pii;
    private final Switches switches;
    private volatile AdminDesk admin;
    private final AtomicLong requestIds = new AtomicLong();
    // String.concat rather than +: each new shape of + costs a fresh JVM milliseconds of method
    // handle spinning, on the way to the standalone server's first answer.
    private final String requestIdPrefix = Long.toHexString(System.nanoTime() & 0xffffffL).concat("-");

    Router(OAuthDesk oauth, PassLedger ledger, PiiDesk pii, Switches switches) {
        this.oauth = oauth;
        this.ledger = ledger;
        this.pii = pii;
        this.switches = switches;
    }

    @SafeVarargs
    private static Map<String, RouteTable.Handler> merge(Map<String, RouteTable.Handler>... rooms) {
        Map<String, RouteTable.Handler> all = new LinkedHashMap<>();
        for (Map<String, RouteTable.Handler> room : rooms) {
            room.forEach((id, handler) -> {
                if (all.putIfAbsent(id, handler) != null) {
                    throw new IllegalStateException("two rooms answer the operation " + id);
                }
            });
        }
        return Map.copyOf(all);
    }

    OAuthDesk oauth() {
        return oauth;
    }

    PassLedger ledger() {
        return ledger;
    }

    PiiDesk pii() {
        return pii;
    }

    AdminDesk admin() {
        return admin;
    }

    /** Serves the admin API through this router from now on (the HTTP face asks {@link #admin()}). */
    void enableAdmin(AdminDesk desk) {
        this.admin = desk;
    }

    /**
     * Answers a request to the admin API ({@link AdminDesk#PATH}): from the HTTP face, never
     * journalled, never faulted. A refusal is a JSON error naming the field; a bug in the fake a
     * 500, never a crash.
     *
     * @param request the request
     * @param query   its raw query, empty when none
     */
    EngineResponse processAdmin(RecordedRequest request, String query) {
        try {
            AdminDesk desk = admin;
            if (desk == null) {
                throw new ApiError(404, "not_found", "no such endpoint: " + shorten(request.path())
                        + " (this fake serves no admin API)");
            }
            desk.authorize(request);
            String rest = request.path().substring(AdminDesk.PATH.length());
            List<String> segments = segments(rest);
            RouteTable.Route route = RouteTable.civic().admin(request.method(), segments, request.path());
            return route.handler().handle(new RouteTable.Call(this, route, segments, null, request, query))
                    .withHeader("x-request-id", nextRequestId());
        } catch (ApiError refused) {
            EngineResponse response = EngineResponse.of(refused.status, JSON_TYPE, errorBody(refused.code,
                    refused.getMessage())).withHeader("x-request-id", nextRequestId());
            return refused.status == 401
                    ? response.withHeader("WWW-Authenticate", "Bearer realm=\"civic-fake-admin\"") : response;
        } catch (RuntimeException bug) {
            return EngineResponse.of(500, JSON_TYPE, errorBody("internal_error",
                    "the fake failed to handle the admin request: " + bug.getClass().getSimpleName()));
        }
    }

    /** A request id for the response, cheap to make (a random UUID per request costs throughput). */
    private String nextRequestId() {
        return requestIdPrefix.concat(Long.toHexString(requestIds.incrementAndGet()));
    }

    /**
     * Runs the request and answers it, a refusal and a bug in the fake included. Every refusal of
     * the token endpoint is in the OAuth shape; the API's 4xx refusals echo the Bearer token when
     * {@link Switches#echoSecretsInErrors} is on.
     */
    EngineResponse process(RecordedRequest request) {
        boolean tokenEndpoint = request.path().equals(FakeCivic.TOKEN_PATH);
        try {
            return route(request).withHeader("x-request-id", nextRequestId());
        } catch (ApiError refused) {
            boolean oauthShape = refused.oauthShape || tokenEndpoint;
            String message = refused.getMessage();
            if (!tokenEndpoint && switches.echoSecretsInErrors && refused.status >= 400 && refused.status <= 499) {
                message = ApiError.withEchoedToken(message, request);
            }
            byte[] body = oauthShape ? oauthError(refused.code, message) : errorBody(refused.code, message);
            EngineResponse response = EngineResponse.of(refused.status, JSON_TYPE, body)
                    .withHeader("x-request-id", nextRequestId());
            if (refused.status == 401 && !oauthShape) {
                response = response.withHeader("WWW-Authenticate", "Bearer realm=\"civic\", error=\"invalid_token\"");
            } else if (refused.status == 403 && !oauthShape) {
                response = response.withHeader("WWW-Authenticate",
                        "Bearer realm=\"civic\", error=\"insufficient_scope\"");
            }
            return response;
        } catch (RuntimeException bug) {
            String description = "the fake failed to handle the request: " + bug.getClass().getSimpleName();
            return EngineResponse.of(500, JSON_TYPE, tokenEndpoint ? oauthError("server_error", description)
                    : errorBody("internal_error", description));
        }
    }

    private EngineResponse route(RecordedRequest request) {
        String path = request.path();
        String method = request.method();
        if (path.equals(FakeCivic.API_PATH) || path.startsWith(API_PREFIX)) {
            // The token first: a request without a valid one is refused before the routes (and the
            // contract they are read from) are looked at, so it never waits for them to be built.
            CivicEngine.Client client = oauth.authenticate(request);
            List<String> segments = segments(path.substring(FakeCivic.API_PATH.length()));
            RouteTable.Route route = RouteTable.civic().api(method, segments, path);
            oauth.checkScope(request, route.scope());
            RequestChecker.civic().checkApi(route.jsonRequestSchema(), request);
            return route.handler().handle(new RouteTable.Call(this, route, segments, client, request));
        }
        RouteTable.Route root = RouteTable.civic().root(method, path);
        if (root == null) {
            throw new ApiError(404, "not_found", "no such endpoint: " + shorten(path));
        }
        RequestChecker.civic().checkToken(request);
        return root.handler().handle(new RouteTable.Call(this, root, List.of(), null, request));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.isEmpty()) {
            return segments;
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new ApiError(404, "not_found", "no such endpoint (empty path segment)");
            }
            try {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                throw new ApiError(400, "bad_request", "malformed percent-encoding in the path");
            }
        }
        return segments;
    }
}

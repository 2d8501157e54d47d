package io.civicpass.testkit;

import static io.civicpass.testkit.ApiError.shorten;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The fake's routes, in one table: every operation of Civic's contract ({@code civic-contract.json})
 * and of the fake's own admin API ({@code admin-openapi.json}, the routes Civic does not have) with
 * its method, path template, where it is served ({@link Mount}), the scope its token needs and
 * the handler that answers it. {@link Router} finds a request's route here in one lookup and the
 * {@link OAuthDesk} checks that route's scope; nothing else in the fake knows a path.
 *
 * <p>The table is built once per JVM, when the first fake is built ({@link Warmup}). An operation
 * without a handler, an API operation without a scope, a handler or scope the contract cannot
 * explain, or two routes that one request could match, fails that build, naming each: a gap
 * shows when the fake starts, never on the request that would have found it.
 *
 * <p>Matching compiles nothing and allocates nothing on the way to a route: the routes of a mount
 * are grouped by their number of segments, and a request's decoded segments are compared with a
 * route's literal ones. Only a refusal builds a message.
 */
final class RouteTable {

    /**
     * Where a route is served, and what a request must bring before its route is looked up: the
     * table's "kind" column.
     */
    enum Mount {
        /**
         * The OAuth server's token endpoint (the contract's {@code "host": "tokenUrl"}), served at
         * the fake's root under the path the contract gives: no Bearer token and no scope, as the
         * credentials are the request.
         */
        TOKEN_HOST,
        /**
         * Civic's API, below {@link FakeCivic#API_PATH}: every request needs a valid Bearer token
         * before its route is looked up (an unknown path without one answers 401, as Civic's
         * gateway does), then the token must carry the route's scope.
         */
        API,
        /**
         * The fake's own admin API, below {@link AdminDesk#PATH}, from the admin API's OpenAPI
         * document ({@code admin-openapi.json}, the routes Civic's contract does not have): no
         * Bearer token of Civic's; the admin token when the fake has one. Served by the HTTP face
         * only, before the journal and the faults see the request.
         */
        ADMIN
    }

    /** What answers the requests of one route. */
    @FunctionalInterface
    interface Handler {
        /**
         * Answers a request of the route.
         *
         * @param call the request, its route, its caller and the rooms
         * @return the response
         * @throws ApiError a refusal
         */
        EngineResponse handle(Call call);
    }

    /** One row of the table. */
    static final class Route {
        private final String operationId;
        private final String method;
        private final Mount mount;
        private final String path;
        private final String[] template;
        private final String scope;
        private final Handler handler;
        private final JsonNode jsonRequestSchema;

        Route(String operationId, String method, Mount mount, String path, String scope, Handler handler,
              JsonNode jsonRequestSchema) {
            this.operationId = operationId;
            this.method = method;
            this.mount = mount;
            this.path = path;
            this.template = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
            this.scope = scope;
            this.handler = handler;
            this.jsonRequestSchema = jsonRequestSchema;
        }

        /** The contract's operation id, such as {@code getPass}. */
        String operationId() {
            return operationId;
        }

        /** The HTTP method. */
        String method() {
            return method;
        }

        /** Where the route is served. */
        Mount mount() {
            return mount;
        }

        /** The path template, relative to the mount, such as {@code /pass/{chain}/{chainNetwork}}. */
        String path() {
            return path;
        }

        /** The scope a token needs for this route; null for a route that takes no Bearer token. */
        String scope() {
            return scope;
        }

        Handler handler() {
            return handler;
        }

        /** The request body's schema for {@code application/json}; null when there is none. */
        JsonNode jsonRequestSchema() {
            return jsonRequestSchema;
        }

        /** Whether decoded segments fit the template: as many, and the literal ones equal. */
        boolean matches(List<String> segments) {
            if (segments.size() != template.length) {
                return false;
            }
            for (int i = 0; i < template.length; i++) {
                if (!isVariable(template[i]) && !template[i].equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** The segment at the template's {@code {name}}, from segments this route matched. */
        String variable(String name, List<String> segments) {
            for (int i = 0; i < template.length; i++) {
                String part = template[i];
                if (isVariable(part) && part.regionMatches(1, name, 0, name.length())
                        && part.length() == name.length() + 2) {
                    return segments.get(i);
                }
            }
            throw new IllegalStateException("route " + operationId + " (" + path + ") has no path variable " + name);
        }

        /** Whether one request could match both routes: same mount and method, no literal apart. */
        boolean overlaps(Route other) {
            if (mount != other.mount || !method.equals(other.method) || template.length != other.template.length) {
                return false;
            }
            for (int i = 0; i < template.length; i++) {
                if (!isVariable(template[i]) && !isVariable(other.template[i]) && !template[i].equals(other.template[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isVariable(String part) {
            return part.startsWith("{");
        }

        @Override
        public String toString() {
            return operationId + " (" + method + " " + path + ")";
        }
    }

    /**
     * One request on its way to its handler: the route it matched, its decoded path segments, the
     * client whose token it carries (none at the token endpoint) and the rooms that answer it.
     */
    static final class Call {
        private final Router router;
        private final Route route;
        private final List<String> segments;
        private final CivicEngine.Client client;
        private final RecordedRequest request;
        private final String query;

        Call(Router router, Route route, List<String> segments, CivicEngine.Client client, RecordedRequest request) {
            this(router, route, segments, client, request, "");
        }

        Call(Router router, Route route, List<String> segments, CivicEngine.Client client, RecordedRequest request,
             String query) {
            this.router = router;
            this.route = route;
            this.segments = segments;
            this.client = client;
            this.request = request;
            this.query = query;
        }

        /**
         * A path variable, by its name in the route's template.
         *
         * @param name the name, such as {@code chain}
         * @return the decoded segment
         */
        String path(String name) {
            return route.variable(name, segments);
        }

        /** The authenticated client; null at the token endpoint. */
        CivicEngine.Client client() {
            return client;
        }

        RecordedRequest request() {
            return request;
        }

        OAuthDesk oauth() {
            return router.oauth();
        }

        PassLedger ledger() {
            return router.ledger();
        }

        PiiDesk pii() {
            return router.pii();
        }

        /** The admin desk; only on an {@link Mount#ADMIN} route. */
        AdminDesk admin() {
            return router.admin();
        }

        /** The request's raw query (without {@code ?}), empty when none; kept for admin routes only. */
        String query() {
            return query;
        }
    }

    private static final Route[] NONE = new Route[0];
    private static volatile RouteTable civic;

    private final List<Route> routes;
    private final Route[] rootRoutes;
    /** The API's routes by their number of segments. */
    private final Route[][] apiRoutesBySize;
    /** The admin API's routes by their number of segments. */
    private final Route[][] adminRoutesBySize;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        List<Route> root = new ArrayList<>();
        for (Route route : routes) {
            if (route.mount == Mount.TOKEN_HOST) {
                root.add(route);
            }
        }
        this.rootRoutes = root.toArray(NONE);
        this.apiRoutesBySize = bySize(routes, Mount.API);
        this.adminRoutesBySize = bySize(routes, Mount.ADMIN);
    }

    private static Route[][] bySize(List<Route> routes, Mount mount) {
        int longest = 0;
        for (Route route : routes) {
            if (route.mount == mount) {
                longest = Math.max(longest, route.template.length);
            }
        }
        Route[][] bySize = new Route[longest + 1][];
        for (int size = 0; size <= longest; size++) {
            List<Route> sized = new ArrayList<>();
            for (Route route : routes) {
                if (route.mount == mount && route.template.length == size) {
                    sized.add(route);
                }
            }
            bySize[size] = sized.toArray(NONE);
        }
        return bySize;
    }

    /**
     * The table of Civic's contract and the rooms' handlers ({@link Router#HANDLERS}), with the
     * admin API's routes ({@link AdminDesk#openApi()}, {@link AdminDesk#HANDLERS}), built on first
     * use and then shared by every fake in the JVM.
     *
     * @return the table
     * @throws IllegalStateException naming every route the fake cannot serve
     */
    static RouteTable civic() {
        RouteTable table = civic;
        if (table == null) {
            synchronized (RouteTable.class) {
                table = civic;
                if (table == null) {
                    table = build(RequestChecker.civic().contract(), Router.HANDLERS, AdminDesk.openApi(),
                            AdminDesk.HANDLERS);
                    civic = table;
                }
            }
        }
        return table;
    }

    /**
     * Builds a table from a contract and handlers by operation id, checking that they fit.
     *
     * @param contract the contract, as {@code civic-contract.json} holds it
     * @param handlers the handlers, by operation id
     * @return the table
     * @throws IllegalStateException naming every operation without a handler, every API operation
     *                               without an {@code assumedScope}, every scope no client can be
     *                               granted, every handler for no operation and every two
     *                               operations one request could match
     */
    static RouteTable build(JsonNode contract, Map<String, Handler> handlers) {
        return build(contract, handlers, null, Map.of());
    }

    /**
     * Builds a table from Civic's contract and its handlers, plus the admin API's routes from its
     * OpenAPI document (every path and method, by {@code operationId}) and their handlers.
     *
     * @param contract      the contract, as {@code civic-contract.json} holds it
     * @param handlers      the handlers of its operations, by operation id
     * @param adminApi      the admin API's OpenAPI document; null for no admin routes
     * @param adminHandlers the admin handlers, by operation id
     * @return the table
     * @throws IllegalStateException as {@link #build(JsonNode, Map)}, and naming every admin
     *                               operation without a handler and every admin handler for none
     */
    static RouteTable build(JsonNode contract, Map<String, Handler> handlers, JsonNode adminApi,
                            Map<String, Handler> adminHandlers) {
        List<String> problems = new ArrayList<>();
        Map<String, Route> byId = new LinkedHashMap<>();
        for (JsonNode operation : contract.path("operations")) {
            String id = operation.path("id").asText();
            String method = operation.path("method").asText();
            String path = operation.path("path").asText();
            String where = id + " (" + method + " " + path + ")";
            Mount mount = operation.path("host").asText().equals("tokenUrl") ? Mount.TOKEN_HOST : Mount.API;
            String scope = operation.hasNonNull("assumedScope") ? operation.get("assumedScope").asText() : null;
            Handler handler = handlers.get(id);
            if (handler == null) {
                problems.add("the operation " + where + " has no handler in the fake");
            }
            if (mount == Mount.API && scope == null) {
                problems.add("the API operation " + where + " names no assumedScope");
            }
            if (mount == Mount.TOKEN_HOST && scope != null) {
                problems.add("the token operation " + where + " names a scope, but takes no Bearer token");
            }
            if (scope != null && !OAuthDesk.SCOPES.contains(scope)) {
                problems.add("the operation " + where + " needs the scope " + scope + ", which no client can be granted: "
                        + OAuthDesk.SCOPES);
            }
            if (mount == Mount.TOKEN_HOST && !path.equals(FakeCivic.TOKEN_PATH)) {
                problems.add("the token operation " + where + " is not at " + FakeCivic.TOKEN_PATH);
            }
            if (!path.startsWith("/") || path.contains("//") || (path.length() > 1 && path.endsWith("/"))) {
                problems.add("the operation " + where + " has no path of segments");
            }
            JsonNode jsonSchema = operation.path("request").path("content").get("application/json");
            Route route = new Route(id, method, mount, path, scope, handler, jsonSchema);
            if (byId.put(id, route) != null) {
                problems.add("the operation id " + id + " appears twice");
            }
        }
        for (String id : handlers.keySet()) {
            if (!byId.containsKey(id) && !adminHandlers.containsKey(id)) {
                problems.add("the fake has a handler for " + id + ", an operation the contract does not list");
            }
        }
        if (adminApi != null) {
            JsonNode paths = adminApi.path("paths");
            paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(verb -> {
                String id = paths.get(path).get(verb).path("operationId").asText();
                String method = verb.toUpperCase(Locale.ROOT);
                Handler handler = adminHandlers.get(id);
                if (handler == null) {
                    problems.add("the admin operation " + id + " (" + method + " " + path + ") has no handler in the fake");
                }
                if (byId.put(id, new Route(id, method, Mount.ADMIN, path, null, handler, null)) != null) {
                    problems.add("the operation id " + id + " appears twice");
                }
            }));
        }
        for (String id : adminHandlers.keySet()) {
            if (!byId.containsKey(id) || byId.get(id).mount != Mount.ADMIN) {
                problems.add("the fake has an admin handler for " + id + ", an operation the admin API does not list");
            }
        }
        List<Route> routes = new ArrayList<>(byId.values());
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                if (routes.get(i).overlaps(routes.get(j))) {
                    problems.add("one request could match both " + routes.get(i) + " and " + routes.get(j));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the fake cannot serve Civic's contract: " + String.join("; ", problems));
        }
        return new RouteTable(routes);
    }

    /**
     * Every route, in the contract's order.
     *
     * @return the routes
     */
    List<Route> routes() {
        return routes;
    }

    /**
     * The route with this operation id.
     *
     * @param operationId the id
     * @return the route, or null
     */
    Route route(String operationId) {
        for (Route route : routes) {
            if (route.operationId.equals(operationId)) {
                return route;
            }
        }
        return null;
    }

    /**
     * The route served at the fake's root (the token endpoint) under exactly this raw path.
     *
     * @param method the request's method
     * @param path   the request's raw path
     * @return the route, or null when no route of the root has this path
     * @throws ApiError a 405 when the path is a route's but the method is not
     */
    Route root(String method, String path) {
        boolean pathKnown = false;
        for (Route route : rootRoutes) {
            if (route.path.equals(path)) {
                if (route.method.equals(method)) {
                    return route;
                }
                pathKnown = true;
            }
        }
        if (pathKnown) {
            throw methodNotAllowed(method, rootRoutes, route -> route.path.equals(path));
        }
        return null;
    }

    /**
     * The API route of a request.
     *
     * @param method   the request's method
     * @param segments the decoded path segments below the API base
     * @param rawPath  the request's raw path, for the refusal
     * @return the route
     * @throws ApiError a 404 when no route has the path, a 405 naming the methods that do
     */
    Route api(String method, List<String> segments, String rawPath) {
        return lookup(apiRoutesBySize, method, segments, rawPath, "no such endpoint: ");
    }

    /**
     * The admin route of a request.
     *
     * @param method   the request's method
     * @param segments the decoded path segments below {@link AdminDesk#PATH}
     * @param rawPath  the request's raw path, for the refusal
     * @return the route
     * @throws ApiError a 404 when no route has the path, a 405 naming the methods that do
     */
    Route admin(String method, List<String> segments, String rawPath) {
        return lookup(adminRoutesBySize, method, segments, rawPath, "no such admin endpoint: ");
    }

    /** The one lookup of both mounts: the routes of the path's length, then the method. */
    private static Route lookup(Route[][] routesBySize, String method, List<String> segments, String rawPath,
                                String notFound) {
        Route[] candidates = segments.size() < routesBySize.length ? routesBySize[segments.size()] : NONE;
        boolean pathKnown = false;
        for (Route route : candidates) {
            if (route.matches(segments)) {
                if (route.method.equals(method)) {
                    return route;
                }
                pathKnown = true;
            }
        }
        if (pathKnown) {
            throw methodNotAllowed(method, candidates, route -> route.matches(segments));
        }
        throw new ApiError(404, "not_found", notFound + shorten(rawPath));
    }

    private static ApiError methodNotAllowed(String method, Route[] candidates,
                                             Predicate<Route> samePath) {
        List<String> allowed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Route route : candidates) {
            if (samePath.test(route) && seen.add(route.method)) {
                allowed.add(route.method);
            }
        }
        return new ApiError(405, "method_not_allowed", "method " + shorten(method) + " is not allowed here; use "
                + String.join(" or ", allowed));
    }
}

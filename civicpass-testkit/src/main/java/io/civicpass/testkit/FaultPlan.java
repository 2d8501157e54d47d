package io.civicpass.testkit;

import static io.civicpass.testkit.ErrorBodies.errorBody;
import static io.civicpass.testkit.ErrorBodies.errorCode;
import static io.civicpass.testkit.ErrorBodies.oauthError;
import static io.civicpass.testkit.ErrorBodies.reason;
import static io.civicpass.testkit.JsonWriter.JSON_TYPE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fault plan: the faults tests arm, which request each one strikes and how often, and what a
 * struck request gets instead of (or after) its real answer: a status, an HTML error page, a
 * dropped connection, a delay, or a spoiled body. A status fault's own body is in the OAuth shape
 * at the token endpoint and in the API's shape elsewhere (there echoing the Bearer token when
 * {@link Switches#echoSecretsInErrors} is on, like the API's own refusals). Armed faults are kept under the engine's lock,
 * but a request only takes that lock while some fault is armed.
 */
final class FaultPlan {

    private static final String HTML_PAGE = "<html>\r\n<head><title>%1$d %2$s</title></head>\r\n<body>\r\n"
            + "<center><h1>%1$d %2$s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private record ArmedFault(Fault fault, RequestMatcher matcher, int[] remaining) {
    }

    private final Object lock;
    private final Switches switches;
    private final List<ArmedFault> faults = new ArrayList<>();
    /** Whether {@link #faults} may hold any: spares every request the lock while none are armed. */
    private volatile boolean faultsArmed;

    FaultPlan(Object lock, Switches switches) {
        this.lock = lock;
        this.switches = switches;
    }

    void inject(Fault fault, RequestMatcher matcher, int times) {
        synchronized (lock) {
            faults.add(new ArmedFault(fault, matcher, new int[] {times}));
            faultsArmed = true;
        }
    }

    void clear() {
        synchronized (lock) {
            faults.clear();
            faultsArmed = false;
        }
    }

    /** The fault that strikes this request, counted off its arming, or null. */
    Fault take(RecordedRequest request) {
        if (!faultsArmed) {
            return null;
        }
        synchronized (lock) {
            Iterator<ArmedFault> iterator = faults.iterator();
            while (iterator.hasNext()) {
                ArmedFault armed = iterator.next();
                if (armed.matcher.test(request)) {
                    if (--armed.remaining[0] <= 0) {
                        iterator.remove();
                        faultsArmed = !faults.isEmpty();
                    }
                    return armed.fault;
                }
            }
            return null;
        }
    }

    /**
     * What a request struck by a fault gets: {@code process} runs the request (once, or not at
     * all when the fault strikes before processing and replaces the answer).
     */
    EngineResponse answer(Fault fault, Duration delayAfter, RecordedRequest request,
                          Supplier<EngineResponse> process) {
        switch (fault.kind()) {
            case LATENCY:
                return process.get().delayedBy(delayAfter);
            case STATUS:
                if (fault.isAfterProcessing()) {
                    process.get();
                }
                return statusFault(fault, request);
            case HTML:
                if (fault.isAfterProcessing()) {
                    process.get();
                }
                return htmlPage(fault.statusCode());
            case RESET:
                if (fault.isAfterProcessing()) {
                    process.get();
                }
                return EngineResponse.dropped();
            default:
                EngineResponse real = fault.isAfterProcessing() ? process.get() : JsonWriter.ok();
                return spoil(real, fault.kind());
        }
    }

    private EngineResponse statusFault(Fault fault, RecordedRequest request) {
        int status = fault.statusCode();
        byte[] body;
        if (fault.body() != null) {
            body = fault.body().getBytes(StandardCharsets.UTF_8);
        } else if (request.path().equals(FakeCivic.TOKEN_PATH)) {
            body = oauthError(errorCode(status), reason(status));
        } else {
            body = errorBody(errorCode(status), status >= 400 && status <= 499 && switches.echoSecretsInErrors
                    ? ApiError.withEchoedToken(reason(status), request) : reason(status));
        }
        EngineResponse response = EngineResponse.of(status, JSON_TYPE, body);
        for (Map.Entry<String, String> header : fault.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return fault.retryAfter() == null ? response : response.withHeader("Retry-After", fault.retryAfter());
    }

    private static EngineResponse htmlPage(int status) {
        String page = String.format(Locale.ROOT, HTML_PAGE, status, reason(status));
        return EngineResponse.of(status, "text/html", page.getBytes(StandardCharsets.UTF_8));
    }

    private static EngineResponse spoil(EngineResponse real, Fault.Kind kind) {
        int status = real.status >= 200 && real.status <= 299 ? real.status : 200;
        switch (kind) {
            case EMPTY:
                return real.withBody(status, new byte[0]);
            case TRUNCATED: {
                byte[] body = real.body.length > 1 ? real.body : "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                byte[] cut = new byte[Math.max(1, body.length / 2)];
                System.arraycopy(body, 0, cut, 0, cut.length);
                return real.withBody(status, cut);
            }
            default:
                return real.withBody(status, "{\"records\": [{\"id\": 63fdf96c, <<not json>>"
                        .getBytes(StandardCharsets.UTF_8));
        }
    }
}

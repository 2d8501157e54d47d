package io.civicpass.micrometer;

import io.civicpass.event.AttemptFinished;
import io.civicpass.event.AttemptStarted;
import io.civicpass.event.NextStep;
import io.civicpass.micrometer.CivicPassObservationDocumentation.HttpHighCardinalityKeys;
import io.civicpass.micrometer.CivicPassObservationDocumentation.HttpLowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default names and tags of an HTTP attempt's observation: named
 * {@code civicpass.client.http.request}, its span {@code <METHOD> <url template>} (for example
 * {@code PATCH /pass/{chain}/{chainNetwork}/{wallet}}), with {@code http.request.method},
 * {@code url.template}, {@code http.response.status_code} and {@code error.type} (low
 * cardinality) and {@code http.request.resend_count} (on resends), {@code civicpass.request_id},
 * {@code civicpass.next_step} and {@code civicpass.retry_reason} (high cardinality). Extend it to
 * change one part.
 *
 * @since 0.1.0
 */
public class DefaultCivicPassHttpObservationConvention implements CivicPassHttpObservationConvention {

    /** The observation's name. */
    public static final String NAME = "civicpass.client.http.request";

    /** The convention's instance. */
    public static final DefaultCivicPassHttpObservationConvention INSTANCE =
            new DefaultCivicPassHttpObservationConvention();

    /** A convention; prefer {@link #INSTANCE} unless extending. */
    public DefaultCivicPassHttpObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(CivicPassHttpContext context) {
        return context.started().method() + " " + context.started().pathTemplate();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CivicPassHttpContext context) {
        AttemptStarted started = context.started();
        KeyValues values = KeyValues.of(HttpLowCardinalityKeys.HTTP_REQUEST_METHOD.withValue(started.method()),
                HttpLowCardinalityKeys.URL_TEMPLATE.withValue(started.pathTemplate()));
        Optional<AttemptFinished> finished = context.finished();
        if (finished.isEmpty()) {
            return values;
        }
        int status = finished.get().status();
        return values.and(HttpLowCardinalityKeys.HTTP_RESPONSE_STATUS_CODE.withValue(
                        status == 0 ? KeyValue.NONE_VALUE : Integer.toString(status)),
                HttpLowCardinalityKeys.ERROR_TYPE.withValue(finished.get().errorType().orElse(KeyValue.NONE_VALUE)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CivicPassHttpContext context) {
        List<KeyValue> values = new ArrayList<>(4);
        int attempt = context.started().attempt();
        if (attempt > 1) {
            values.add(HttpHighCardinalityKeys.HTTP_REQUEST_RESEND_COUNT.withValue(Integer.toString(attempt - 1)));
        }
        context.finished().ifPresent(finished -> {
            finished.requestId().ifPresent(id -> values.add(HttpHighCardinalityKeys.REQUEST_ID.withValue(id)));
            values.add(HttpHighCardinalityKeys.NEXT_STEP.withValue(Lower.of(finished.next())));
            if (finished.next() == NextStep.RETRY) {
                finished.retryReason().ifPresent(reason ->
                        values.add(HttpHighCardinalityKeys.RETRY_REASON.withValue(Lower.of(reason))));
            }
        });
        return KeyValues.of(values);
    }
}

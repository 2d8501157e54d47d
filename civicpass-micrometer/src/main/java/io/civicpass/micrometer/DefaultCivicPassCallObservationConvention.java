package io.civicpass.micrometer;

import io.civicpass.event.CallFinished;
import io.civicpass.micrometer.CivicPassObservationDocumentation.CallHighCardinalityKeys;
import io.civicpass.micrometer.CivicPassObservationDocumentation.CallLowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Optional;

/**
 * The default names and tags of a call's observation: named {@code civicpass.client.call}, its
 * span {@code CivicPass.<operation>}, with {@code rpc.system=civicpass},
 * {@code rpc.service=CivicPass}, {@code rpc.method=<operation>}, {@code outcome} and
 * {@code error.type} (low cardinality) and {@code civicpass.request_id} (high cardinality, when
 * Civic gave one). Extend it to change one part.
 *
 * @since 0.1.0
 */
public class DefaultCivicPassCallObservationConvention implements CivicPassCallObservationConvention {

    /** The observation's name. */
    public static final String NAME = "civicpass.client.call";

    /** The convention's instance. */
    public static final DefaultCivicPassCallObservationConvention INSTANCE =
            new DefaultCivicPassCallObservationConvention();

    private static final KeyValue RPC_SYSTEM = CallLowCardinalityKeys.RPC_SYSTEM.withValue("civicpass");
    private static final KeyValue RPC_SERVICE = CallLowCardinalityKeys.RPC_SERVICE.withValue(CivicPassObservation.SERVICE);

    /** A convention; prefer {@link #INSTANCE} unless extending. */
    public DefaultCivicPassCallObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(CivicPassCallContext context) {
        return CivicPassObservation.SERVICE + "." + context.started().operation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CivicPassCallContext context) {
        KeyValues values = KeyValues.of(RPC_SYSTEM, RPC_SERVICE,
                CallLowCardinalityKeys.RPC_METHOD.withValue(context.started().operation()));
        Optional<CallFinished> finished = context.finished();
        if (finished.isEmpty()) {
            return values;
        }
        return values.and(CallLowCardinalityKeys.OUTCOME.withValue(Lower.of(finished.get().outcome())),
                CallLowCardinalityKeys.ERROR_TYPE.withValue(finished.get().errorType().orElse(KeyValue.NONE_VALUE)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CivicPassCallContext context) {
        return context.finished().flatMap(CallFinished::requestId)
                .map(id -> KeyValues.of(CallHighCardinalityKeys.REQUEST_ID.withValue(id)))
                .orElse(KeyValues.empty());
    }
}

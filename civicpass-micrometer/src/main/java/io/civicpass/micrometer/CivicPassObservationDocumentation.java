package io.civicpass.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations a Civic Pass client makes through {@link CivicPassObservation}, with their
 * key names. Low-cardinality keys are span attributes and, through a meter handler on the
 * registry, meter tags; high-cardinality keys are span attributes only. No key ever holds a
 * wallet, a pass or PII request id, a concrete path, a token or a secret.
 *
 * @since 0.1.0
 */
public enum CivicPassObservationDocumentation implements ObservationDocumentation {

    /**
     * One public call ({@code get}, {@code issue}, {@code freeze}, one page of {@code list}, ...):
     * named {@code civicpass.client.call}, its span {@code CivicPass.<operation>}, kind client.
     */
    CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultCivicPassCallObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return CallLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return CallHighCardinalityKeys.values();
        }
    },

    /**
     * One HTTP attempt of a call, a child of the call's observation: named
     * {@code civicpass.client.http.request}, its span {@code <METHOD> <url template>}, kind client.
     */
    HTTP_REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultCivicPassHttpObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return HttpLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HttpHighCardinalityKeys.values();
        }
    };

    /** Low-cardinality keys of {@link #CALL}, after OpenTelemetry's RPC conventions. */
    public enum CallLowCardinalityKeys implements KeyName {
        /** Always {@code civicpass}. */
        RPC_SYSTEM("rpc.system"),
        /** Always {@code CivicPass}. */
        RPC_SERVICE("rpc.service"),
        /** The operation: {@code get}, {@code issue}, {@code freeze}, {@code list}, ... */
        RPC_METHOD("rpc.method"),
        /** {@code success} or {@code failure}; set when the call ends. */
        OUTCOME("outcome"),
        /** The simple name of the exception the call failed with, {@code none} on success; set when the call ends. */
        ERROR_TYPE("error.type");

        private final String key;

        CallLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** High-cardinality keys of {@link #CALL}: span attributes only. */
    public enum CallHighCardinalityKeys implements KeyName {
        /** The request id of the call's last response, when Civic gave one: quote it to Civic's support. */
        REQUEST_ID("civicpass.request_id") {
            @Override
            public boolean isRequired() {
                return false;
            }
        };

        private final String key;

        CallHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Low-cardinality keys of {@link #HTTP_REQUEST}, after OpenTelemetry's HTTP client conventions. */
    public enum HttpLowCardinalityKeys implements KeyName {
        /** The HTTP method. */
        HTTP_REQUEST_METHOD("http.request.method"),
        /**
         * The path below the API base with its variables unfilled, for example
         * {@code /pass/{chain}/{chainNetwork}/{wallet}}: never the concrete path.
         */
        URL_TEMPLATE("url.template"),
        /** The response's status, {@code none} when no response came; set when the attempt ends. */
        HTTP_RESPONSE_STATUS_CODE("http.response.status_code"),
        /** The simple name of the exception the attempt failed with, {@code none} on success; set when it ends. */
        ERROR_TYPE("error.type");

        private final String key;

        HttpLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** High-cardinality keys of {@link #HTTP_REQUEST}: span attributes only. */
    public enum HttpHighCardinalityKeys implements KeyName {
        /** How many times this request was sent before: set on resends only (attempt 2 has 1). */
        HTTP_REQUEST_RESEND_COUNT("http.request.resend_count") {
            @Override
            public boolean isRequired() {
                return false;
            }
        },
        /** The request id of the attempt's response, when Civic gave one. */
        REQUEST_ID("civicpass.request_id") {
            @Override
            public boolean isRequired() {
                return false;
            }
        },
        /** What the call does next: {@code end}, {@code retry}, {@code reconcile} or {@code budget_refused}. */
        NEXT_STEP("civicpass.next_step") {
            @Override
            public boolean isRequired() {
                return false;
            }
        },
        /**
         * Why another attempt follows, when one does: {@code server_error}, {@code rate_limited},
         * {@code timeout}, {@code connection} or {@code token_refused}.
         */
        RETRY_REASON("civicpass.retry_reason") {
            @Override
            public boolean isRequired() {
                return false;
            }
        };

        private final String key;

        HttpHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}

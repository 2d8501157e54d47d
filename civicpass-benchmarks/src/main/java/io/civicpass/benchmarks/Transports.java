package io.civicpass.benchmarks;

import io.civicpass.feign.FeignTransport;
import io.civicpass.retrofit.RetrofitTransport;
import io.civicpass.spi.Transport;
import io.civicpass.vertx.VertxTransport;

/** The library's transports by the name the benchmarks' {@code transport} parameter uses. */
final class Transports {

    private Transports() {
    }

    /**
     * Each transport with its default set-up, as a user gets it from {@code create()}.
     *
     * @param name feign, retrofit or vertx
     * @return a new transport
     */
    static Transport create(String name) {
        switch (name) {
            case "feign":
                return FeignTransport.create();
            case "retrofit":
                return RetrofitTransport.create();
            case "vertx":
                return VertxTransport.create();
            default:
                throw new IllegalArgumentException("transport '" + name + "' is not one of feign, retrofit, vertx");
        }
    }
}

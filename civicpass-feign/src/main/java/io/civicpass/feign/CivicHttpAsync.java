package io.civicpass.feign;

import feign.Response;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link feign.AsyncFeign} interface behind the non-blocking face; the same methods as
 * {@link CivicHttp}, answering with a future.
 */
interface CivicHttpAsync extends HttpMethods<CompletableFuture<Response>> {
}

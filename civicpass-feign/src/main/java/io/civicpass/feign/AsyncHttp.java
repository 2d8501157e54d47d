package io.civicpass.feign;

import feign.Response;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link feign.AsyncFeign} interface behind the non-blocking face; the same methods as
 * {@link BlockingHttp}, answering with a future.
 */
interface AsyncHttp extends HttpMethods<CompletableFuture<Response>> {
}

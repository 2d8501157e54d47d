package io.civicpass.feign;

import feign.Response;

/**
 * The Feign interface behind the blocking face, returning the raw {@link Response} so every
 * status reaches core as it came.
 */
interface BlockingHttp extends HttpMethods<Response> {
}

/**
 * The Civic Pass client: {@link io.civicpass.CivicPassClient} (blocking),
 * {@link io.civicpass.CivicPassAsyncClient} (non-blocking), their
 * {@link io.civicpass.ClientBuilder}, {@link io.civicpass.CivicPassConfig} and
 * {@link io.civicpass.RetryPolicy}.
 */
package io.civicpass;

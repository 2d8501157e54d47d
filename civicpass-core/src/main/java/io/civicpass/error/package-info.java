/**
 * The one unchecked exception hierarchy of the library, rooted at
 * {@link io.civicpass.error.CivicPassException}. Every transport maps its failures to these; no
 * HTTP library's exception type escapes.
 */
package io.civicpass.error;

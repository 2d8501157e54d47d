/**
 * The domain of the Civic Pass partner API: immutable values that depend on nothing but the
 * JDK. Values that come from Civic are kept as sent; values the caller builds are validated on
 * construction and name the offending field and value when rejected.
 */
package io.civicpass.model;

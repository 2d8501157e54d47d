/**
 * AssertJ assertions for Civic Pass types; start from
 * {@link io.civicpass.testkit.assertj.CivicAssertions#assertThat(io.civicpass.model.Pass)}.
 */
package io.civicpass.testkit.assertj;

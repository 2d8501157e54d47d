package io.civicpass.testkit.assertj;

import io.civicpass.model.Pass;

/**
 * Entry point of the AssertJ assertions for Civic Pass types:
 * {@code import static io.civicpass.testkit.assertj.CivicAssertions.assertThat;}.
 */
public final class CivicAssertions {

    private CivicAssertions() {
    }

    /**
     * Assertions on a pass.
     *
     * @param actual the pass, possibly null
     * @return the assertion
     */
    public static PassAssert assertThat(Pass actual) {
        return new PassAssert(actual);
    }
}

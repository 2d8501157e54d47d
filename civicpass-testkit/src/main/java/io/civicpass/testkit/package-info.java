/**
 * A fake Civic Pass API for tests: {@link io.civicpass.testkit.FakeCivic} (HTTP on loopback and
 * an in-memory transport over one state engine), its controls ({@link io.civicpass.testkit.Fault},
 * {@link io.civicpass.testkit.RequestMatcher}, {@link io.civicpass.testkit.RequestJournal},
 * {@link io.civicpass.testkit.PiiSeed}, {@link io.civicpass.testkit.FakeClock}), the JUnit 5
 * extension ({@link io.civicpass.testkit.FakeCivicExtension}, {@link io.civicpass.testkit.WithFakeCivic})
 * and the standalone server ({@link io.civicpass.testkit.FakeCivicMain}).
 */
package io.civicpass.testkit;

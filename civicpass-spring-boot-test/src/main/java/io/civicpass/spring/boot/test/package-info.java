/**
 * Test support for Spring Boot applications on civicpass-java:
 * {@link io.civicpass.spring.boot.test.EnableFakeCivic} runs the testkit's fake Civic for a
 * Spring test. Add {@code civicpass-spring-boot-test} in test scope.
 */
package io.civicpass.spring.boot.test;

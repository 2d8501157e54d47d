/**
 * Spring Boot auto-configuration for civicpass-java: the {@code civicpass.*} properties
 * ({@link io.civicpass.spring.boot.autoconfigure.CivicPassProperties}), the transport, the
 * clients, the Micrometer binding, the {@code civicpass} health contributor and the gate.
 * Registered through {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package io.civicpass.spring.boot.autoconfigure;

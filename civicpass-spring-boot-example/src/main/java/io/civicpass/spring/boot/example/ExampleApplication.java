package io.civicpass.spring.boot.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A members' area gated by a Civic Pass, on the civicpass-java starter: the client is a bean the
 * starter configures from {@code civicpass.*} properties, with metrics and health.
 */
@SpringBootApplication
public class ExampleApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments, for example {@code --civicpass.environment=sandbox}
     */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}

package io.civicpass.spring.boot.test;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with nothing but the auto-configuration, as a user's would start. */
@SpringBootApplication
class TestApplication {
}

package io.civicpass;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's version, read once from a resource the build fills in. */
final class Versions {

    private static final String VERSION = load();

    private Versions() {
    }

    /**
     * The {@code User-Agent} the client sends.
     *
     * @param transport the transport's name
     * @param suffix    the application's suffix, or null
     * @return for example {@code civicpass-java/0.1.0 (feign; Java 17.0.15) my-app/1.0}
     */
    public static String userAgent(String transport, String suffix) {
        String base = "civicpass-java/" + VERSION + " (" + transport + "; Java " + System.getProperty("java.version") + ")";
        return suffix == null ? base : base + " " + suffix;
    }

    private static String load() {
        try (InputStream in = Versions.class.getResourceAsStream("civicpass-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}

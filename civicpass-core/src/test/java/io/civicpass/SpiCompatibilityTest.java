package io.civicpass;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Guards the transport SPI's compatibility: every signature recorded in
 * {@code spi-api.txt} (the SPI as published) must still be there, unchanged. Additions are
 * allowed and listed; to record them, run this test with {@code -Dcivicpass.recordSpi=true}
 * and commit the file. Removing or changing a recorded signature is a breaking change that
 * needs a new major version.
 */
class SpiCompatibilityTest {

    private static final String RECORD = "spi-api.txt";

    @Test
    void everyPublishedSpiSignatureIsStillThere() throws IOException {
        Set<String> current = signatures();
        if (Boolean.getBoolean("civicpass.recordSpi")) {
            Path file = Path.of("src/test/resources/io/civicpass", RECORD);
            Files.write(file, current, StandardCharsets.UTF_8);
        }
        Set<String> published;
        try (InputStream in = SpiCompatibilityTest.class.getResourceAsStream(RECORD)) {
            assertThat(in).as("the published SPI record " + RECORD).isNotNull();
            published = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> removed = new TreeSet<>(published);
        removed.removeAll(current);
        assertThat(removed).as("SPI signatures removed or changed since they were published").isEmpty();
        Set<String> added = new TreeSet<>(current);
        added.removeAll(published);
        if (!added.isEmpty()) {
            System.out.println("SPI additions not yet recorded in " + RECORD + ": " + added);
        }
    }

    @Test
    void theRecordCoversEveryPublicSpiType() throws IOException {
        Set<String> types = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.civicpass.spi").stream()
                .filter(type -> type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        String record;
        try (InputStream in = SpiCompatibilityTest.class.getResourceAsStream(RECORD)) {
            record = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String type : types) {
            assertThat(record).as("recorded SPI type %s", type).contains("type " + type + " ");
        }
    }

    static Set<String> signatures() {
        Set<String> out = new TreeSet<>();
        for (JavaClass imported : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.civicpass.spi")) {
            Class<?> type = imported.reflect();
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            String name = type.getName();
            out.add("type " + name + " " + kind(type) + " extends " + (type.getGenericSuperclass() == null ? "-"
                    : type.getGenericSuperclass().getTypeName()) + " implements "
                    + Arrays.stream(type.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName).sorted()
                    .collect(Collectors.joining(",")));
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())) {
                    out.add("ctor " + name + "(" + params(constructor.getGenericParameterTypes()) + ")");
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    out.add("method " + name + "#" + (Modifier.isStatic(method.getModifiers()) ? "static " : "")
                            + method.getGenericReturnType().getTypeName() + " " + method.getName()
                            + "(" + params(method.getGenericParameterTypes()) + ")");
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && !field.isSynthetic()) {
                    out.add("field " + name + "#" + field.getGenericType().getTypeName() + " " + field.getName());
                }
            }
        }
        return out;
    }

    private static String kind(Class<?> type) {
        return type.isEnum() ? "enum" : type.isInterface() ? "interface"
                : Modifier.isFinal(type.getModifiers()) ? "final-class" : "class";
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String params(java.lang.reflect.Type[] types) {
        return Arrays.stream(types).map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(","));
    }
}

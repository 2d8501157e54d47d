package io.civicpass.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether every operation of the contract ({@code civic-contract.json}) is whole: a client
 * operation (each of its {@code clientMethods} a public method of every client type), a route of
 * the fake with a handler, and a contract case (a test of the suite tagged
 * {@code operation:<id>}). Each gap is one sentence naming the operation and what it lacks.
 */
final class OperationCompleteness {

    /** What tags a contract case with the operation it exercises: {@code @Tag("operation:getPass")}. */
    static final String TAG_PREFIX = "operation:";

    private OperationCompleteness() {
    }

    /**
     * The gaps.
     *
     * @param contract    the contract
     * @param routes      the fake's route table
     * @param suite       the contract suite, whose {@code @Nested} groups hold the cases
     * @param clientTypes the client types that must each offer every operation's methods
     * @return one sentence per gap; empty when every operation is whole
     */
    static List<String> gaps(JsonNode contract, RouteTable routes, Class<?> suite, Class<?>... clientTypes) {
        List<String> gaps = new ArrayList<>();
        Set<String> tagged = operationTags(suite);
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode operation : contract.path("operations")) {
            String id = operation.path("id").asText();
            ids.add(id);
            String where = "operation " + id + " (" + operation.path("method").asText() + " "
                    + operation.path("path").asText() + ")";
            JsonNode methods = operation.path("clientMethods");
            if (methods.isEmpty()) {
                gaps.add(where + " names no clientMethods in the contract");
            }
            for (JsonNode name : methods) {
                for (Class<?> type : clientTypes) {
                    if (!hasPublicMethod(type, name.asText())) {
                        gaps.add(where + ": " + type.getSimpleName() + " has no public method " + name.asText());
                    }
                }
            }
            RouteTable.Route route = routes.route(id);
            if (route == null || route.handler() == null) {
                gaps.add(where + " has no route in the fake");
            }
            if (!tagged.contains(id)) {
                gaps.add(where + " has no contract case: no test of " + suite.getSimpleName() + " is tagged @Tag(\""
                        + TAG_PREFIX + id + "\")");
            }
        }
        for (String id : tagged) {
            if (!ids.contains(id)) {
                gaps.add("a contract case is tagged " + TAG_PREFIX + id + ", an operation the contract does not list");
            }
        }
        return gaps;
    }

    private static boolean hasPublicMethod(Class<?> type, String name) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && !Modifier.isStatic(method.getModifiers())) {
                return true;
            }
        }
        return false;
    }

    /** The operation ids the tests of the suite's {@code @Nested} groups are tagged with. */
    private static Set<String> operationTags(Class<?> suite) {
        Set<String> ids = new LinkedHashSet<>();
        for (Class<?> group : suite.getDeclaredClasses()) {
            if (!group.isAnnotationPresent(Nested.class)) {
                continue;
            }
            for (Class<?> type = group; type != null && type != Object.class; type = type.getSuperclass()) {
                for (Method method : type.getDeclaredMethods()) {
                    if (!AnnotationSupport.isAnnotated(method, Testable.class)) {
                        continue;
                    }
                    for (Tag tag : AnnotationSupport.findRepeatableAnnotations(method, Tag.class)) {
                        if (tag.value().startsWith(TAG_PREFIX)) {
                            ids.add(tag.value().substring(TAG_PREFIX.length()));
                        }
                    }
                }
            }
        }
        return ids;
    }
}

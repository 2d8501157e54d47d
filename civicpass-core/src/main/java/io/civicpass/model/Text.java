package io.civicpass.model;

/** Small text helpers for error messages. */
final class Text {

    private static final int MAX = 80;

    private Text() {
    }

    /** Shortens a caller-supplied value for an error message, keeping messages one line. */
    static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "...";
    }

    static String requireNonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}

package io.civicpass.micrometer;

import java.util.Locale;

/** Enum constants as tag values: lower case, computed once per enum type. */
final class Lower {

    private static final ClassValue<String[]> NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return names;
        }
    };

    private Lower() {
    }

    static String of(Enum<?> value) {
        return NAMES.get(value.getDeclaringClass())[value.ordinal()];
    }
}

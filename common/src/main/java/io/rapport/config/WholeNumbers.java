package io.rapport.config;

/** Whole-number settings, as variables and job options give them: one message for every way one is wrong. */
public final class WholeNumbers {
    private WholeNumbers() {}

    /**
     * {@code raw} (surrounding spaces ignored) as a whole number from {@code min} to {@code max}.
     *
     * @param name the setting, as the person wrote it ({@code RAPPORT_CONTACTS_PER_DAY}, {@code --neighbours})
     * @throws IllegalArgumentException "{name} must be a whole number from {min} to {max}, not '{raw}'"
     */
    public static int parse(String name, String raw, int min, int max) {
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below: not a number, or too large for one, is as wrong as out of range
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", not '" + raw + "'");
    }
}

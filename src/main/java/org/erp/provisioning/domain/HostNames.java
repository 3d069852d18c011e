package org.erp.provisioning.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Partner domain names as EVA stores them: trimmed, lower-cased, without one trailing dot, internationalised
 * names in their ASCII (punycode) form, a valid host name of at least two labels and at most 253 characters.
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_LENGTH = 253;
    /** What is wrong with a name {@link #normalise} refuses. */
    public static final String MESSAGE = "must be a host name of at least two labels and at most 253 characters";

    private HostNames() {
    }

    /** The stored form of {@code input}, or empty when it is not a valid host name. */
    public static Optional<String> normalise(String input) {
        String name = input.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > 4 * MAX_LENGTH) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAHostName) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > MAX_LENGTH || labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }
}

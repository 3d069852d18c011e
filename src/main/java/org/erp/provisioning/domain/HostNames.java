package org.erp.provisioning.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Partner domain names as EVA stores them: trimmed, lower-cased, without one trailing dot, internationalised
 * names in their ASCII (punycode) form, a valid host name of at least two labels and at most 253 characters.
 * The JDK encodes with the IDNA2003 rules. Registries and browsers follow IDNA2008 (with UTS 46), under which the
 * same name means another domain for four characters only: IDNA2003 maps them to others, so it would store
 * straße.example as strasse.example. A name with one of them is refused, with a message asking for its xn-- form.
 * (IDNA2008 also forbids symbols IDNA2003 encodes, such as ♥: such a name is stored, and no registry holds it.)
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_LENGTH = 253;
    /** What is wrong with a name {@link #normalise} refuses, unless {@link #problemWith} says more. */
    public static final String MESSAGE = "must be a host name of at least two labels and at most 253 characters";
    /** ß, final sigma, zero-width non-joiner and joiner: the characters IDNA2003 and IDNA2008 encode differently. */
    private static final Pattern IDNA_DEVIATIONS = Pattern.compile("[\u00DF\u03C2\u200C\u200D]");
    private static final String DEVIATION_MESSAGE = "contains ß, ς or a zero-width joiner or non-joiner, which the"
            + " older IDNA rules encode as another domain (straße.example as strasse.example); send the name in its xn-- form";

    private HostNames() {
    }

    /** The stored form of {@code input}, or empty when it is not a valid host name. */
    public static Optional<String> normalise(String input) {
        if (IDNA_DEVIATIONS.matcher(input).find()) {
            return Optional.empty();
        }
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

    /** What is wrong with {@code input}, a name {@link #normalise} refused. */
    public static String problemWith(String input) {
        return IDNA_DEVIATIONS.matcher(input).find() ? DEVIATION_MESSAGE : MESSAGE;
    }
}

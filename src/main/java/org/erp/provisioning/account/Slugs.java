package org.erp.provisioning.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Slugs derived from account names: lower case, accents folded to ASCII, other runs as one '-', at most 63. */
final class Slugs {

    static final int MAX_LENGTH = 63;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHERS = Pattern.compile("[^a-z0-9]+");

    private Slugs() {
    }

    static String derive(String name) {
        String folded = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
        String slug = trimHyphens(OTHERS.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll("-"));
        return trimHyphens(slug.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH) : slug);
    }

    private static String trimHyphens(String slug) {
        int start = 0;
        int end = slug.length();
        while (start < end && slug.charAt(start) == '-') {
            start++;
        }
        while (end > start && slug.charAt(end - 1) == '-') {
            end--;
        }
        return slug.substring(start, end);
    }
}

package org.erp.provisioning.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Slugs derived from account names: lower case, accents folded to ASCII, other runs as one '-', at most 63.
 * Accents that Unicode decomposes (é, ü, å) lose their mark; the Latin letters it does not decompose (ß, æ, ø,
 * ł, ...) are spelled out as their languages write them in ASCII, so "Ærø Straße" is "aero-strasse", not "r-stra-e".
 */
final class Slugs {

    static final int MAX_LENGTH = 63;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHERS = Pattern.compile("[^a-z0-9]+");

    private Slugs() {
    }

    static String derive(String name) {
        // Lower case after the decomposition too: it turns some characters into capitals (№ into No, ™ into TM).
        String folded = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
        String slug = trimHyphens(OTHERS.matcher(spellOut(folded.toLowerCase(Locale.ROOT))).replaceAll("-"));
        return trimHyphens(slug.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH) : slug);
    }

    /** The lower-case Latin letters without a decomposition, in ASCII. */
    private static String spellOut(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case 'ß' -> ascii.append("ss");
                case 'æ' -> ascii.append("ae");
                case 'œ' -> ascii.append("oe");
                case 'ø' -> ascii.append('o');
                case 'ł' -> ascii.append('l');
                case 'đ', 'ð' -> ascii.append('d');
                case 'þ' -> ascii.append("th");
                case 'ħ' -> ascii.append('h');
                case 'ı' -> ascii.append('i');
                case 'ŧ' -> ascii.append('t');
                case 'ŋ' -> ascii.append('n');
                default -> ascii.append(c);
            }
        }
        return ascii.toString();
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

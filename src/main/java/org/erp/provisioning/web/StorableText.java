package org.erp.provisioning.web;

/**
 * Text PostgreSQL can store: no NUL character (text columns refuse it) and no unpaired UTF-16 surrogate
 * (not Unicode, so not encodable as UTF-8).
 */
public final class StorableText {

    public static final String MESSAGE = "must be Unicode text without NUL characters";

    private StorableText() {
    }

    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

package org.erp.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** The opaque {@code nextCursor}: the slug (the sort key) of the last account of a page. */
public record PageCursor(String slug) {

    private static final String PREFIX = "s1:";
    private static final Pattern SLUG = Pattern.compile(AccountRequest.SLUG);

    public static PageCursor after(AccountView last) {
        return new PageCursor(last.slug());
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + slug).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code encoded} stands for, or empty when the service did not issue it. */
    public static Optional<PageCursor> decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            String slug = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : "";
            return SLUG.matcher(slug).matches() ? Optional.of(new PageCursor(slug)) : Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}

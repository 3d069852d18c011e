package org.erp.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** The opaque {@code nextCursor}: the sort key (created at, id) of the last account of a page. */
public record PageCursor(Instant createdAt, UUID id) {

    private static final String PREFIX = "a1:";

    public static PageCursor after(Account last) {
        return new PageCursor(last.createdAt, last.id);
    }

    public String encode() {
        String raw = PREFIX + createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code encoded} stands for, or empty when the service did not issue it. */
    public static Optional<PageCursor> decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = raw.substring(PREFIX.length()).split("\\|", 2);
            return Optional.of(new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
        } catch (RuntimeException notOurs) {
            return Optional.empty();
        }
    }
}

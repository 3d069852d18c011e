package org.erp.provisioning.account;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The slugs and domains the earlier lines of a dry-run import would hold. A dry run rolls each batch back, so the
 * database cannot tell a later batch that an earlier line would have taken its slug or domain; these claims tell it,
 * so that a repeat is answered as the real run would answer it. They hold at most {@code window} values (slugs and
 * domains; {@code erp.bulk.dry-run-window}), the newest would-be creations' whole: memory stays flat however long the
 * stream and however many domains its lines have, and a value repeated further back than that is answered as if the
 * earlier line were not there. One import's batches are written one after the other, so these are never used
 * concurrently.
 */
final class DryRunClaims {

    private final int window;
    private final Map<String, UUID> holders = new HashMap<>();
    /** The values of each account claimed, oldest first, so the oldest can be let go together. */
    private final ArrayDeque<List<String>> claimed = new ArrayDeque<>();

    DryRunClaims(int window) {
        this.window = window;
    }

    /** The account an earlier line would have created with {@code slug}; or null. */
    UUID slugHolder(String slug) {
        return holders.get(slugKey(slug));
    }

    /** The account an earlier line would have created with {@code domain}; or null. */
    UUID domainHolder(String domain) {
        return holders.get(domainKey(domain));
    }

    /** Claims the slug and domains of a line answered as a would-be creation of {@code account}. */
    void claim(UUID account, String slug, List<String> domains) {
        List<String> values = new ArrayList<>(domains.size() + 1);
        values.add(slugKey(slug));
        domains.forEach(domain -> values.add(domainKey(domain)));
        values.forEach(value -> holders.put(value, account));
        claimed.addLast(values);
        while (holders.size() > window && !claimed.isEmpty()) {
            claimed.removeFirst().forEach(holders::remove);
        }
    }

    private static String slugKey(String slug) {
        return "slug:" + slug;
    }

    private static String domainKey(String domain) {
        return "domain:" + domain;
    }
}

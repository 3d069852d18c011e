package org.erp.provisioning.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * Entity tags (RFC 9110) of the rows the service answers with: a strong validator of the row's version, PostgreSQL's
 * {@code xmin}, which every write of the row changes, EVA's included, and which needs no column of the service's own.
 * {@code If-Match} is compared strongly (a weak tag never matches), {@code If-None-Match} weakly.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The {@code ETag} of a row at {@code version}. */
    public static String of(String version) {
        return "\"" + version + "\"";
    }

    /** A precondition on the row's version, from {@code If-Match} or {@code If-None-Match}. */
    public record Condition(boolean any, List<String> versions, boolean weakAllowed) {

        /** Whether a row at {@code version} (null: no row) meets the condition's list. */
        public boolean matches(String version) {
            return version != null && (any || versions.contains(version));
        }
    }

    /**
     * The {@code If-Match} of a write (null when absent): the write goes ahead only if the row's version is one of
     * these. Without it, a write is refused with {@code 428 precondition-required} when {@code required}.
     */
    public static Condition ifMatch(String header, boolean required) {
        if (header == null || header.isBlank()) {
            if (required) {
                throw new ProblemException(ProblemCode.PRECONDITION_REQUIRED, "Send If-Match with the ETag of the version"
                        + " this change is based on (read it with GET): this service refuses unconditional changes");
            }
            return null;
        }
        return parse(HttpHeaders.IF_MATCH, header, false);
    }

    /** The {@code If-None-Match} of a read (null when absent). */
    public static Condition ifNoneMatch(String header) {
        return header == null || header.isBlank() ? null : parse(HttpHeaders.IF_NONE_MATCH, header, true);
    }

    /** Refuses a write whose {@code If-Match} the row at {@code current} does not meet, naming the current version. */
    public static void require(Condition ifMatch, String current) {
        if (ifMatch != null && !ifMatch.matches(current)) {
            throw new ProblemException(ProblemCode.PRECONDITION_FAILED, "The resource changed since the version this"
                    + " change is based on: read it again (its ETag is the current version) and decide anew").withEtag(of(current));
        }
    }

    private static Condition parse(String name, String header, boolean weakAllowed) {
        if (header.strip().equals("*")) {
            return new Condition(true, List.of(), weakAllowed);
        }
        List<String> versions = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.strip();
            boolean weak = tag.startsWith("W/");
            if (weak) {
                tag = tag.substring(2);
            }
            if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"") || tag.substring(1, tag.length() - 1).contains("\"")) {
                new FieldErrors().add(name, FieldCode.INVALID_FORMAT, "must be * or a list of entity tags such as \"123\"",
                        header).throwIfAny();
            }
            if (!weak || weakAllowed) {
                versions.add(tag.substring(1, tag.length() - 1));
            }
        }
        return new Condition(false, List.copyOf(versions), weakAllowed);
    }
}

package org.erp.provisioning.web;

import java.util.UUID;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * Ids in paths: a value that is not a UUID in its one written form (36 characters, hex digits in groups of 8-4-4-4-12,
 * either case) names no row, so it is the resource's not-found problem. {@link UUID#fromString} alone would also read
 * shortened groups ({@code 1-2-3-4-5} as {@code 00000001-0002-0003-0004-000000000005}), giving one row many paths.
 */
public final class PathIds {

    private PathIds() {
    }

    public static UUID parse(String value, ProblemCode notFound, String resource) {
        if (!isWritten(value)) {
            throw notFound(notFound, resource, value);
        }
        return UUID.fromString(value); // reads every value isWritten accepts
    }

    private static boolean isWritten(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static ProblemException notFound(ProblemCode code, String resource, Object id) {
        return new ProblemException(code, "No " + resource + " with id '" + id + "'");
    }
}

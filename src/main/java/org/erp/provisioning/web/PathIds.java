package org.erp.provisioning.web;

import java.util.UUID;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/** Ids in paths: a value that is not a UUID names no row, so it is the resource's not-found problem. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID parse(String value, ProblemCode notFound, String resource) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAUuid) {
            throw notFound(notFound, resource, value);
        }
    }

    public static ProblemException notFound(ProblemCode code, String resource, Object id) {
        return new ProblemException(code, "No " + resource + " with id '" + id + "'");
    }
}

package org.erp.provisioning.problem;

import java.util.Optional;

/** Classifies one family of failures as problems; answers empty for failures of other families. */
public interface ProblemHandler {

    Optional<ProblemException> classify(Throwable failure);
}

package org.erp.provisioning.problem.handling;

import java.util.Optional;
import org.erp.provisioning.problem.ProblemException;

/** Classifies one family of failures as problems; answers empty for failures of other families. */
public interface ProblemHandler {

    Optional<ProblemException> classify(Throwable failure);
}

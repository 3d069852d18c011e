package org.erp.provisioning.problem.handling;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * The families of problems, composed in one place and asked in this order: the caller's own mistakes (and failures
 * classified already, {@link ProblemException}s), security, the features' constraints, the database by SQLSTATE,
 * then HTTP-level refusals. What none of them claims is an {@code internal-error}. Classifying counts nothing:
 * {@link ProblemMapper} counts each answered failure once.
 */
@ApplicationScoped
public class ProblemClassifier {

    private final List<ProblemHandler> families;

    ProblemClassifier(RequestProblems request, SecurityProblems security, ConstraintProblems constraints,
                      DatabaseProblems database, HttpProblems http) {
        this.families = List.of(request, security, constraints, database, http);
    }

    public ProblemException classify(Throwable failure) {
        for (ProblemHandler family : families) {
            Optional<ProblemException> problem = family.classify(failure);
            if (problem.isPresent()) {
                return problem.get();
            }
        }
        return new ProblemException(ProblemCode.INTERNAL_ERROR,
                "The service failed to answer; quote the request id when reporting it", List.of(), failure);
    }
}

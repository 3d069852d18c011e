package org.erp.provisioning.problem.handling;

import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.ProblemException;

/**
 * The slot where a feature declares what the database's refusal of its own rows means to a client: account, domain
 * and deal each have one bean of this type, beside the tables and constraints it writes. {@link DatabaseProblems}
 * knows SQLSTATEs only; a refusal no feature claims is answered by it.
 */
public interface FeatureConstraints {

    /** The problem {@code refusal} means, or empty when it is not one this feature knows. */
    Optional<ProblemException> problemFor(DatabaseFailure refusal);
}

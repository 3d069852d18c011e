package org.erp.provisioning.problem.handling;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;

/**
 * The families of problems, composed in one place and asked in this order: the caller's own mistakes, security,
 * the features' constraints, the database by SQLSTATE, then HTTP-level refusals. What none of them claims is an
 * {@code internal-error}. A refusal by the database is counted by SQLSTATE ({@code erp_database_errors_total}),
 * whoever answers it; a database that cannot be reached is counted as the 503 it is, not here.
 */
@ApplicationScoped
public class ProblemClassifier {

    private final List<ProblemHandler> families;
    private final MeterRegistry metrics;

    ProblemClassifier(RequestProblems request, SecurityProblems security, ConstraintProblems constraints,
                      DatabaseProblems database, HttpProblems http, MeterRegistry metrics) {
        this.families = List.of(request, security, constraints, database, http);
        this.metrics = metrics;
    }

    public ProblemException classify(Throwable failure) {
        for (ProblemHandler family : families) {
            Optional<ProblemException> problem = family.classify(failure);
            if (problem.isPresent()) {
                if (!(family instanceof RequestProblems || family instanceof SecurityProblems)) {
                    countRefusal(failure, problem.get());
                }
                return problem.get();
            }
        }
        countRefusal(failure, null);
        return new ProblemException(ProblemCode.INTERNAL_ERROR,
                "The service failed to answer; quote the request id when reporting it", List.of(), failure);
    }

    private void countRefusal(Throwable failure, ProblemException problem) {
        if (problem == null || problem.code() != ProblemCode.DATABASE_UNAVAILABLE) {
            DatabaseFailure.of(failure).ifPresent(db ->
                    metrics.counter("erp.database.errors", "sqlstate", db.sqlState()).increment());
        }
    }
}

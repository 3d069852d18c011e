package org.erp.provisioning.problem.handling;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.ProblemException;

/** Refusals of the features' own constraints, as each feature declared them ({@link FeatureConstraints}). */
@ApplicationScoped
public class ConstraintProblems implements ProblemHandler {

    private final List<FeatureConstraints> features;

    @Inject
    ConstraintProblems(@Any Instance<FeatureConstraints> features) {
        this(features.stream().toList());
    }

    public ConstraintProblems(List<FeatureConstraints> features) {
        this.features = List.copyOf(features);
    }

    @Override
    public Optional<ProblemException> classify(Throwable failure) {
        return DatabaseFailure.of(failure).flatMap(refusal -> features.stream()
                .map(feature -> feature.problemFor(refusal))
                .flatMap(Optional::stream)
                .findFirst());
    }
}

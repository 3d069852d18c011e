package org.erp.provisioning.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.FeatureConstraints;

/** The constraints of EVA's {@code partner_domains} table that mean something to a client. */
@ApplicationScoped
public class DomainConstraints implements FeatureConstraints {

    /** EVA's unique index on {@code lower(partner_domains.domain)}: one account per domain, in any case. */
    public static final String DOMAIN_KEY = "partner_domains_domain_key";

    @Override
    public Optional<ProblemException> problemFor(DatabaseFailure refusal) {
        return refusal.isUniqueViolation(DOMAIN_KEY) ? Optional.of(domainTaken()) : Optional.empty();
    }

    static ProblemException domainTaken() {
        return new ProblemException(ProblemCode.DOMAIN_TAKEN, "The domain belongs to an account already",
                List.of(FieldError.of("domain", FieldCode.DOMAIN_TAKEN, "belongs to an account already", null)));
    }
}

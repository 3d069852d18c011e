package org.erp.provisioning.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.persistence.SqlState;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldError;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.erp.provisioning.problem.handling.FeatureConstraints;

/**
 * The constraints about accounts that mean something to a client: the slug's, and every foreign key. Each reference
 * in EVA's schema is to an account ({@code partner_domains.account_id}, {@code partner_deals.account_id}; EVA's
 * schema names no constraint for them), so a foreign key refusal (23503) means the account a domain or deal was
 * written under is gone: deleted while the request wrote under it.
 */
@ApplicationScoped
public class AccountConstraints implements FeatureConstraints {

    /** EVA's unique constraint on {@code accounts.slug}. */
    public static final String SLUG_KEY = "accounts_slug_key";

    @Override
    public Optional<ProblemException> problemFor(DatabaseFailure refusal) {
        if (refusal.isUniqueViolation(SLUG_KEY)) {
            return Optional.of(slugTaken());
        }
        return SqlState.FOREIGN_KEY_VIOLATION.equals(refusal.sqlState())
                ? Optional.of(new ProblemException(ProblemCode.ACCOUNT_NOT_FOUND,
                        "The account this request writes under does not exist any more"))
                : Optional.empty();
    }

    static ProblemException slugTaken() {
        return new ProblemException(ProblemCode.SLUG_TAKEN, "The slug is taken by another account",
                List.of(FieldError.of("slug", FieldCode.SLUG_TAKEN, "is taken by another account", null)));
    }
}

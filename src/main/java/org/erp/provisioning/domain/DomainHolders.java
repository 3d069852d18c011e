package org.erp.provisioning.domain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.erp.provisioning.parent.ParentAccounts;
import org.erp.provisioning.problem.handling.TakenValues;

/**
 * Names the domain row that holds a name a write was refused for ({@code existing} on the 409 domain-taken), through
 * {@link TakenValues}.
 */
@ApplicationScoped
public class DomainHolders {

    private final PartnerDomainRepository domains;
    private final TakenValues taken;

    DomainHolders(PartnerDomainRepository domains, TakenValues taken) {
        this.domains = domains;
        this.taken = taken;
    }

    /** The path of a domain, as {@code existing} and {@code Location} name it. */
    public static String path(PartnerDomain domain) {
        return ParentAccounts.path(domain.accountId) + "/domains/" + domain.id;
    }

    /** Fails with {@code refusal} (a unique violation on the domain), as a 409 naming the domain row that holds {@code name}. */
    public <T> Uni<T> domainTaken(String name, Throwable refusal) {
        return taken.heldBy(refusal, () -> domains.holding(name).map(domain -> domain == null ? null : path(domain)));
    }
}

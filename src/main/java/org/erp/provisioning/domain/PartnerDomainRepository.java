package org.erp.provisioning.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class PartnerDomainRepository implements PanacheRepositoryBase<PartnerDomain, UUID> {

    public Uni<List<PartnerDomain>> ofAccount(UUID accountId) {
        return list("accountId", Sort.descending("createdAt", "id"), accountId);
    }

    public Uni<PartnerDomain> findOfAccount(UUID accountId, UUID domainId, LockModeType lock) {
        return find("id = :id and accountId = :accountId",
                Map.of("id", domainId, "accountId", accountId))
                .withLock(lock).firstResult();
    }
}

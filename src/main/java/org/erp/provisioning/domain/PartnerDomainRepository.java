package org.erp.provisioning.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class PartnerDomainRepository implements PanacheRepositoryBase<PartnerDomain, UUID> {
}

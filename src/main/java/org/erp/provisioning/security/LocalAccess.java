package org.erp.provisioning.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * With security explicitly off, an anonymous caller acts as a local administrator, so the same
 * {@code @RolesAllowed} rules hold in every mode. With security on (the default) it changes nothing.
 */
@ApplicationScoped
public class LocalAccess implements SecurityIdentityAugmentor {

    private static final SecurityIdentity LOCAL_ADMIN = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("local"))
            .addRole(Roles.ADMIN)
            .addRole(Roles.VIEWER)
            .setAnonymous(false)
            .build();

    private final SecuritySettings settings;

    LocalAccess(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(!settings.enabled() && identity.isAnonymous() ? LOCAL_ADMIN : identity);
    }
}

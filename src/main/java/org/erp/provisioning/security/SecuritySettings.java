package org.erp.provisioning.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.erp.provisioning.config.ErpSettings;
import org.jboss.logging.Logger;

/**
 * Secure by default: with {@code erp.security.enabled=true} the service refuses to start unless ERP's token
 * verification key and issuer are configured, rather than start and refuse every caller. Turning security off
 * is loud.
 */
@ApplicationScoped
public class SecuritySettings {

    private static final Logger LOG = Logger.getLogger(SecuritySettings.class);

    private final boolean enabled;

    SecuritySettings(ErpSettings settings) {
        this.enabled = settings.security().enabled();
    }

    public boolean enabled() {
        return enabled;
    }

    void checkOnStart(@Observes StartupEvent start, Config config) {
        if (!enabled) {
            LOG.warn("ERP security is OFF (erp.security.enabled=false): /api requests are served without a token, "
                    + "as " + Roles.ADMIN + ". Only for a local machine.");
            return;
        }
        boolean hasKey = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isPresent()
                || config.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent();
        boolean hasIssuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).isPresent();
        if (!hasKey || !hasIssuer) {
            throw new IllegalStateException("ERP security is on (erp.security.enabled=true) but ERP's token "
                    + "verification is not configured: set mp.jwt.verify.publickey.location "
                    + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION) and mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER), "
                    + "or set ERP_SECURITY_ENABLED=false on a local machine.");
        }
    }
}

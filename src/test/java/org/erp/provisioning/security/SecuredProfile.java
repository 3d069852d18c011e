package org.erp.provisioning.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Security as in production: on, verifying tokens with the test key pair's public key. */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String ISSUER = "https://idp.erp.example";
    public static final String FRONTEND = "https://erp-frontend.example";
    public static final String LOG_FILE = "target/secured-test.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "erp.security.enabled", "true",
                "mp.jwt.verify.publickey.location", "jwt/public-key.pem",
                "mp.jwt.verify.issuer", ISSUER,
                "smallrye.jwt.sign.key.location", "jwt/private-key.pem",
                "quarkus.http.cors.origins", FRONTEND,
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE);
    }
}

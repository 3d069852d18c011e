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
        return Map.ofEntries(
                Map.entry("erp.security.enabled", "true"),
                Map.entry("mp.jwt.verify.publickey.location", "jwt/public-key.pem"),
                Map.entry("mp.jwt.verify.issuer", ISSUER),
                Map.entry("smallrye.jwt.sign.key.location", "jwt/private-key.pem"),
                Map.entry("quarkus.http.cors.origins", FRONTEND),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.json.enabled", "true"),
                Map.entry("quarkus.log.file.path", LOG_FILE));
    }
}

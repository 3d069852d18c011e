package org.erp.provisioning.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/** Tokens as ERP's identity provider would mint them, and the ways they go wrong. */
final class Tokens {

    private Tokens() {
    }

    static String withGroups(String subject, String... groups) {
        return Jwt.issuer(SecuredProfile.ISSUER).subject(subject).groups(Set.of(groups)).expiresIn(300).sign();
    }

    static String expired() {
        return Jwt.issuer(SecuredProfile.ISSUER).subject("late").groups(Set.of(Roles.ADMIN))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign();
    }

    static String wrongIssuer() {
        return Jwt.issuer("https://idp.eva.example").subject("eva-user").groups(Set.of(Roles.ADMIN)).expiresIn(300).sign();
    }

    static String signedByAnotherKey() throws Exception {
        return Jwt.issuer(SecuredProfile.ISSUER).subject("forger").groups(Set.of(Roles.ADMIN)).expiresIn(300)
                .sign(KeyUtils.readPrivateKey("jwt/other-private-key.pem"));
    }

    static String unsigned() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"iss\":\"" + SecuredProfile.ISSUER + "\",\"sub\":\"none\","
                + "\"groups\":[\"" + Roles.ADMIN + "\"],\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}

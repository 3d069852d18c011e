package org.erp.provisioning.security;

/** Groups of ERP's identity provider that this service honours. */
public final class Roles {

    /** Reads and writes. */
    public static final String ADMIN = "provisioning-admin";
    /** Reads only. */
    public static final String VIEWER = "provisioning-viewer";

    private Roles() {
    }
}

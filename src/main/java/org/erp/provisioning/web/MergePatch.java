package org.erp.provisioning.web;

/** JSON merge patch (RFC 7396), accepted by every PATCH beside plain application/json. */
public final class MergePatch {

    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private MergePatch() {
    }
}

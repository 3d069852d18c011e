package org.erp.provisioning.web;

/** What a request answers about one row, and the row's version: the body and its {@code ETag}. */
public record Versioned<T>(T value, String version) {

    public String etag() {
        return EntityTags.of(version);
    }
}

package org.erp.provisioning.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import org.erp.provisioning.config.ErpSettings;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

/**
 * Conditional requests on one row (RFC 9110): each answer about a row carries its {@code ETag}; a write goes ahead
 * only if {@code If-Match} names the row's current version ({@code 412} otherwise; with
 * {@code erp.concurrency.require-if-match} a write without it is {@code 428}); a read whose {@code If-None-Match} names
 * it is {@code 304} without a body. The services compare the version while they hold the row, so the comparison and
 * the write are one step.
 * <p>
 * The answers are typed ({@code RestResponse<T>}, not {@code Response}), here and in the resources: Quarkus REST then
 * picks the body's JSON writer once, at build time, instead of looking it up for every answer.
 */
@ApplicationScoped
public class Preconditions {

    private final boolean requireIfMatch;

    Preconditions(ErpSettings settings) {
        this.requireIfMatch = settings.concurrency().requireIfMatch();
    }

    /** The {@code If-Match} of a write, or null when absent (and not required). */
    public EntityTags.Condition ifMatch(String header) {
        return EntityTags.ifMatch(header, requireIfMatch);
    }

    /** A read's answer: {@code 304} when {@code If-None-Match} names the row's version, the row otherwise. */
    public static <T> RestResponse<T> read(Versioned<T> row, String ifNoneMatch) {
        EntityTags.Condition unless = EntityTags.ifNoneMatch(ifNoneMatch);
        ResponseBuilder<T> answer = unless != null && unless.matches(row.version())
                ? ResponseBuilder.notModified() : ResponseBuilder.ok(row.value());
        return answer.header(HttpHeaders.ETAG, row.etag()).build();
    }

    /** A change's answer: the row as written, with its new version. */
    public static <T> RestResponse<T> changed(Versioned<T> row) {
        return ResponseBuilder.ok(row.value()).header(HttpHeaders.ETAG, row.etag()).build();
    }

    /** A create's answer. */
    public static <T> RestResponse<T> created(URI location, Versioned<T> row) {
        return ResponseBuilder.<T>created(location).entity(row.value()).header(HttpHeaders.ETAG, row.etag()).build();
    }
}

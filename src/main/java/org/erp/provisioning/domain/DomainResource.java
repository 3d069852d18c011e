package org.erp.provisioning.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.erp.provisioning.openapi.MergePatchSchemas;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.security.Roles;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.web.MergePatch;
import org.erp.provisioning.web.Preconditions;

@Path("/api/v1/accounts/{accountId}/domains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Domains", description = "Partner domains of an account")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class DomainResource {

    private final DomainService domains;
    private final Preconditions preconditions;

    DomainResource(DomainService domains, Preconditions preconditions) {
        this.domains = domains;
        this.preconditions = preconditions;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDomain", summary = "Add a domain to an account (admin)")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = DomainView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "domain-taken: held by an account already, in any case",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DomainView>> create(@PathParam("accountId") String accountId,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DomainRequest.class),
                    examples = @ExampleObject(name = "domain", value = """
                            {"domain":"shop.acme.example"}"""))) JsonNode body,
            @Context UriInfo uri) {
        return domains.create(accountId, body).map(domain -> Preconditions.created(
                uri.getAbsolutePathBuilder().path(domain.value().id().toString()).build(), domain));
    }

    @GET
    @Operation(operationId = "listDomains", summary = "List an account's domains (viewer)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DomainList.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DomainList> list(@PathParam("accountId") String accountId) {
        return domains.list(accountId);
    }

    @GET
    @Path("/{domainId}")
    @Operation(operationId = "getDomain", summary = "Get a domain (viewer)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DomainView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found or domain-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DomainView>> get(@PathParam("accountId") String accountId, @PathParam("domainId") String domainId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return domains.get(accountId, domainId).map(domain -> Preconditions.read(domain, ifNoneMatch));
    }

    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{domainId}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(operationId = "updateDomain", summary = "Change a domain, JSON merge patch (admin)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DomainView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found or domain-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "domain-taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DomainView>> patch(@PathParam("accountId") String accountId, @PathParam("domainId") String domainId,
            @RequestBody(required = true, content = @Content(schema = @Schema(ref = MergePatchSchemas.DOMAIN_PATCH),
                    examples = @ExampleObject(name = "verify", summary = "Mark the domain verified (sets verifiedAt)", value = """
                            {"status":"verified"}"""))) JsonNode body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return domains.patch(accountId, domainId, body, preconditions.ifMatch(ifMatch)).map(Preconditions::changed);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{domainId}")
    @Operation(operationId = "deleteDomain", summary = "Delete a domain (admin)",
            description = "Removes the domain for good, and frees its name for any account. A domain that does not exist, no longer "
                    + "exists or belongs to another account is domain-not-found.")
    @APIResponse(responseCode = "204", description = "Deleted; no body")
    @APIResponse(responseCode = "404", description = "account-not-found or domain-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<Void>> delete(@PathParam("accountId") String accountId, @PathParam("domainId") String domainId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context RoutingContext routing) {
        return domains.delete(accountId, domainId, preconditions.ifMatch(ifMatch)).map(deleted -> {
            AccessLog.deleted(routing, deleted);
            return RestResponse.noContent();
        });
    }
}

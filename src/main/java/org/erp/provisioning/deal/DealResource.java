package org.erp.provisioning.deal;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.MergePatchSchemas;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.security.Roles;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.web.MergePatch;
import org.erp.provisioning.web.Preconditions;

@Path("/api/v1/accounts/{accountId}/deals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deals", description = "Partner deals of an account")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class DealResource {

    private final DealService deals;
    private final Preconditions preconditions;

    DealResource(DealService deals, Preconditions preconditions) {
        this.deals = deals;
        this.preconditions = preconditions;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDeal", summary = "Add a deal to an account (admin)")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = DealView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DealView>> create(@PathParam("accountId") String accountId,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DealRequest.class),
                    examples = @ExampleObject(name = "deal", value = """
                            {"title":"Acme annual renewal","amountCents":1200000,"currency":"eur","stage":"qualified",
                             "expectedCloseDate":"2026-12-31"}"""))) JsonNode body,
            @Context UriInfo uri) {
        return deals.create(accountId, body).map(deal -> Preconditions.created(
                uri.getAbsolutePathBuilder().path(deal.value().id().toString()).build(), deal));
    }

    @GET
    @Operation(operationId = "listDeals", summary = "List an account's deals (viewer)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DealList.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DealList> list(@PathParam("accountId") String accountId,
            @Parameter(description = "Only deals in this stage (any spelling of the label)",
                    schema = @Schema(ref = EnumSchemas.DEAL_STAGE)) @QueryParam("stage") String stage) {
        return deals.list(accountId, stage);
    }

    @GET
    @Path("/{dealId}")
    @Operation(operationId = "getDeal", summary = "Get a deal (viewer)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DealView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found or deal-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DealView>> get(@PathParam("accountId") String accountId, @PathParam("dealId") String dealId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return deals.get(accountId, dealId).map(deal -> Preconditions.read(deal, ifNoneMatch));
    }

    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{dealId}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(operationId = "updateDeal", summary = "Change a deal, JSON merge patch (admin)", description = "closedAt follows the stage.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DealView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found or deal-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<DealView>> patch(@PathParam("accountId") String accountId, @PathParam("dealId") String dealId,
            @RequestBody(required = true, content = @Content(schema = @Schema(ref = MergePatchSchemas.DEAL_PATCH),
                    examples = @ExampleObject(name = "win", summary = "Move the deal to closed-won (sets closedAt)", value = """
                            {"stage":"closed-won"}"""))) JsonNode body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return deals.patch(accountId, dealId, body, preconditions.ifMatch(ifMatch)).map(Preconditions::changed);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/{dealId}")
    @Operation(operationId = "deleteDeal", summary = "Delete a deal (admin)",
            description = "Removes the deal for good. A deal that does not exist, no longer "
                    + "exists or belongs to another account is deal-not-found.")
    @APIResponse(responseCode = "204", description = "Deleted; no body")
    @APIResponse(responseCode = "404", description = "account-not-found or deal-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<Void>> delete(@PathParam("accountId") String accountId, @PathParam("dealId") String dealId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context RoutingContext routing) {
        return deals.delete(accountId, dealId, preconditions.ifMatch(ifMatch)).map(deleted -> {
            AccessLog.deleted(routing, deleted);
            return RestResponse.noContent();
        });
    }
}

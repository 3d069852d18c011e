package org.erp.provisioning.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.common.util.RestMediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.erp.provisioning.enums.EnumSchemas;
import org.erp.provisioning.openapi.MergePatchSchemas;
import org.erp.provisioning.problem.FieldCode;
import org.erp.provisioning.problem.FieldErrors;
import org.erp.provisioning.problem.Problem;
import org.erp.provisioning.security.Roles;
import org.erp.provisioning.telemetry.AccessLog;
import org.erp.provisioning.web.MergePatch;
import org.erp.provisioning.web.Preconditions;
import org.erp.provisioning.web.StreamedAnswers;

@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "EVA customer accounts")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class AccountResource {

    private final AccountService accounts;
    private final AccountImport imports;
    private final Preconditions preconditions;
    private final StreamedAnswers streamed;

    AccountResource(AccountService accounts, AccountImport imports, Preconditions preconditions, StreamedAnswers streamed) {
        this.accounts = accounts;
        this.imports = imports;
        this.preconditions = preconditions;
        this.streamed = streamed;
    }

    @POST
    @Path("/bulk")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(RestMediaType.APPLICATION_NDJSON)
    @Produces(RestMediaType.APPLICATION_NDJSON)
    // Each item is the outcome lines of one batch, as bytes written as they are: one write to the client a batch.
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "importAccounts", summary = "Create many accounts from a stream, one per line (admin)",
            description = "Each non-blank line of the NDJSON request is one account, exactly as the body of createAccount."
                    + " The answer streams while the request is read: one BulkOutcome line per input line, in input order,"
                    + " then one BulkSummary line. Each line is all or nothing on its own and gets the answer a single"
                    + " create would get; a line answered 201 is committed before its outcome is sent, so re-sending lines"
                    + " after a cut connection is safe (a written one answers 409 with existing). A line over"
                    + " erp.bulk.max-line-size (64 KiB) is a 413 for that line; the stream as a whole has no limit."
                    + " With dryRun=true nothing is written and a would-be success is 200; a slug or domain repeated"
                    + " in a later batch of the same dry run is not seen as taken.")
    @RequestBody(required = true, description = "One account a line, each as the body of createAccount, e.g."
            + " {\"name\":\"Acme GmbH\",\"ownerEmail\":\"ops@acme.example\",\"domains\":[\"acme.example\"]}",
            content = @Content(mediaType = RestMediaType.APPLICATION_NDJSON, schema = @Schema(implementation = AccountRequest.class)))
    @APIResponse(responseCode = "200", description = "The outcome of each line, then the summary",
            content = @Content(mediaType = RestMediaType.APPLICATION_NDJSON,
                    schema = @Schema(oneOf = {BulkOutcome.class, BulkSummary.class})))
    public Multi<byte[]> importAccounts(
            @Parameter(description = "Check and simulate only", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun,
            @Context HttpServerRequest request, RoutingContext routing) {
        boolean simulate = isTrue("dryRun", dryRun);
        if (simulate) {
            AccessLog.dryRun(routing);
        }
        return streamed.watched(imports.run(request, simulate, routing), routing);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createAccount", summary = "Create an account, with its domains (admin)",
            description = "All or nothing: the account and every domain are written in one transaction. "
                    + "With dryRun=true everything is checked and written inside a transaction that is rolled back. "
                    + "After a 503 the account may or may not exist: look the slug up before creating it again.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "200", description = "Dry run: the account as it would be; nothing written",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "validation-failed, invalid-enum-value, malformed-request or constraint-violated",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "validationFailed", summary = "Three fields at fault", value = """
                            {"type":"https://erp.example/problems/validation-failed","title":"Validation failed","status":400,
                             "detail":"name must not be blank; ownerEmail must be a well-formed email address; planTier 'gold' is not one of: free, starter, growth, enterprise",
                             "instance":"/api/v1/accounts","code":"validation-failed","requestId":"a138f46e-05ab-4968-b5ae-2480fa79e4e9",
                             "errors":[{"field":"name","code":"blank","message":"must not be blank","rejectedValue":""},
                                       {"field":"ownerEmail","code":"invalid-email","message":"must be a well-formed email address","rejectedValue":"ops@"},
                                       {"field":"planTier","code":"invalid-enum-value","message":"'gold' is not one of: free, starter, growth, enterprise",
                                        "rejectedValue":"gold","allowedValues":["free","starter","growth","enterprise"]}]}""")))
    @APIResponse(responseCode = "404", description = "account-not-found: the database refused a reference to an account"
            + " (SQLSTATE 23503). The account and its domains are written by one statement, so only a change to EVA's"
            + " schema could cause it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "slug-taken or domain-taken, naming the holder in existing; conflict",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "slugTaken", summary = "The slug is held by another account", value = """
                            {"type":"https://erp.example/problems/slug-taken","title":"Slug taken","status":409,
                             "detail":"The slug is taken by another account","instance":"/api/v1/accounts","code":"slug-taken",
                             "requestId":"c1bb01fc-fe17-49ea-8039-200e222b2deb",
                             "errors":[{"field":"slug","code":"slug-taken","message":"is taken by another account",
                                        "existing":"/api/v1/accounts/f1f4a3e6-530c-4a1c-907d-75267a30481e"}],
                             "existing":"/api/v1/accounts/f1f4a3e6-530c-4a1c-907d-75267a30481e"}""")))
    public Uni<RestResponse<AccountView>> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AccountRequest.class),
                    examples = @ExampleObject(name = "withDomains", summary = "A trialing account with two domains", value = """
                            {"name":"Acme GmbH","ownerEmail":"ops@acme.example","subscriptionStatus":"trialing",
                             "planTier":"growth","billingInterval":"annual","domains":["acme.example","shop.acme.example"]}""")))
            JsonNode body,
            @Parameter(description = "Check and simulate only", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("dryRun") String dryRun,
            @Context UriInfo uri, RoutingContext routing) {
        boolean simulate = isTrue("dryRun", dryRun);
        if (simulate) {
            AccessLog.dryRun(routing);
        }
        return accounts.create(body, simulate).map(account -> simulate
                ? RestResponse.ok(account.value())
                : Preconditions.created(uri.getAbsolutePathBuilder().path(account.value().id().toString()).build(), account));
    }

    @GET
    @Path("/{accountId}")
    @Operation(operationId = "getAccount", summary = "Get an account (viewer)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<AccountView>> get(@PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return accounts.get(accountId).map(account -> Preconditions.read(account, ifNoneMatch));
    }

    @GET
    @Operation(operationId = "listAccounts", summary = "List accounts in slug order, a page or all of them (viewer)",
            description = "Keyset pages: pass nextCursor as cursor. With Accept: application/x-ndjson, every account the"
                    + " filters match instead, one Account per line, in slug order, read from one consistent snapshot while"
                    + " writes go on and streamed as the client reads it; limit and cursor are then refused (400): an export"
                    + " is never a page.")
    @APIResponse(responseCode = "200", description = "A page; or, asked for as NDJSON, every matching account, one a line",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountPage.class)),
                       @Content(mediaType = RestMediaType.APPLICATION_NDJSON, schema = @Schema(implementation = AccountView.class))})
    public Uni<AccountPage> list(
            @Parameter(description = "Only accounts with this subscription status (any spelling of the label)",
                    schema = @Schema(ref = EnumSchemas.SUBSCRIPTION_STATUS))
            @QueryParam("subscriptionStatus") String subscriptionStatus,
            @Parameter(description = "Only accounts with this plan tier (any spelling of the label)",
                    schema = @Schema(ref = EnumSchemas.PLAN_TIER))
            @QueryParam("planTier") String planTier,
            @Parameter(description = "Matches name, slug and owner email, case-insensitive") @QueryParam("q") String q,
            @Parameter(description = "1 to 200, default 50", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
            @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        return accounts.list(subscriptionStatus, planTier, q, limit, cursor);
    }

    @GET
    // Only on request: a client that accepts anything (*/*, or no Accept) gets the page of listAccounts.
    @Produces(RestMediaType.APPLICATION_NDJSON + ";qs=0.5")
    // Each item is the lines of up to a few hundred accounts, written as they are: one write to the client each.
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    // The same operation as listAccounts for the document (one operation a method and path), which lists both answers.
    @Operation(hidden = true)
    public Multi<byte[]> export(
            @QueryParam("subscriptionStatus") String subscriptionStatus, @QueryParam("planTier") String planTier,
            @QueryParam("q") String q, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            RoutingContext routing) {
        // Quarkus REST would echo the qs preference into the Content-Type ("...;qs=0.5"): the header a client reads is
        // the media type alone, as the bulk import's.
        routing.addHeadersEndHandler(headersEnd -> {
            if (routing.response().getStatusCode() == 200) {
                routing.response().putHeader(HttpHeaders.CONTENT_TYPE, RestMediaType.APPLICATION_NDJSON + ";charset=UTF-8");
            }
        });
        return streamed.watched(accounts.export(subscriptionStatus, planTier, q, limit, cursor), routing);
    }

    @PATCH
    @RolesAllowed(Roles.ADMIN)
    @Path("/{accountId}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(operationId = "updateAccount", summary = "Change an account, JSON merge patch (admin)",
            description = "Absent fields are unchanged, null clears. trialEndsAt null while trialing is 400.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "account-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "slug-taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<AccountView>> patch(@PathParam("accountId") String accountId,
            @RequestBody(required = true, content = @Content(schema = @Schema(ref = MergePatchSchemas.ACCOUNT_PATCH),
                    examples = @ExampleObject(name = "clearPlanTier", summary = "Clear the plan tier, bill monthly",
                            value = """
                                    {"planTier":null,"billingInterval":"monthly"}"""))) JsonNode body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return accounts.patch(accountId, body, preconditions.ifMatch(ifMatch)).map(Preconditions::changed);
    }

    private static boolean isTrue(String parameter, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        new FieldErrors().add(parameter, FieldCode.INVALID_FORMAT, "must be true or false", value).throwIfAny();
        return false;
    }
}

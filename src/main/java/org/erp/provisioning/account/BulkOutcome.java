package org.erp.provisioning.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.erp.provisioning.problem.Problem;

/** The outcome of one line of a bulk import: what a single create of the line would have been answered. */
// Serialised into a streamed answer, which the native build does not see by itself.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "BulkOutcome", description = "The outcome of one line of a bulk import, in input order. Members without"
        + " a value are left out.")
public record BulkOutcome(
        @Schema(required = true, description = "The line's number in the request, counting from 1 (blank lines"
                + " included)", examples = "1") long line,
        @Schema(required = true, description = "201 created (200 on a dry run), or the status of the problem a single"
                + " create of the line would have been answered with", examples = "201") int status,
        @Schema(description = "On 201: the path of the created account", examples = "/api/v1/accounts/6f1c9a52-3f4e-4a8e-9b1e-2b7d0c4e5a10")
        String location,
        @Schema(description = "On 201, or 200 on a dry run: the account") AccountView account,
        @Schema(description = "Otherwise: the problem, its instance /api/v1/accounts/bulk") Problem problem) implements BulkAnswer {

    static BulkOutcome created(long line, AccountView account, boolean dryRun) {
        return new BulkOutcome(line, dryRun ? 200 : 201, dryRun ? null : "/api/v1/accounts/" + account.id(), account, null);
    }

    static BulkOutcome refused(long line, Problem problem) {
        return new BulkOutcome(line, problem.status(), null, null, problem);
    }

    boolean succeeded() {
        return problem == null;
    }
}

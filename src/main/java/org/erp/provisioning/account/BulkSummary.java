package org.erp.provisioning.account;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The last line of a bulk import's answer. */
@RegisterForReflection
@Schema(name = "BulkSummary", description = "The last line of a bulk import's answer")
public record BulkSummary(@Schema(required = true) Counts summary) implements BulkAnswer {

    @RegisterForReflection
    @Schema(name = "BulkCounts", description = "Lines answered (blank lines are not), created (or would be, on a dry"
            + " run), and refused")
    public record Counts(@Schema(required = true) long lines, @Schema(required = true) long created,
                         @Schema(required = true) long failed) {
    }
}

package org.erp.provisioning.account;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AccountPage", description = "One page of accounts, in slug order")
public record AccountPage(
        @Schema(required = true) List<AccountView> items,
        @Schema(required = true, nullable = true, description = "Pass as cursor to get the next page; null on the last page")
        String nextCursor) {
}

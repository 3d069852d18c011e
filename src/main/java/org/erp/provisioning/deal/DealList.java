package org.erp.provisioning.deal;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DealList", description = "The deals of an account, newest first")
public record DealList(@Schema(required = true) List<DealView> items) {
}

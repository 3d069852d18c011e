package org.erp.provisioning.domain;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DomainList", description = "The domains of an account, newest first")
public record DomainList(@Schema(required = true) List<DomainView> items) {
}

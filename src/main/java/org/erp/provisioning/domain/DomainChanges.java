package org.erp.provisioning.domain;

import org.erp.provisioning.web.BodyField;

/** What a domain body asks for, checked and normalised; absent fields leave the domain as it is. */
record DomainChanges(BodyField<String> domain, BodyField<String> status) {

    boolean isEmpty() {
        return !domain.hasValue() && !status.hasValue();
    }
}

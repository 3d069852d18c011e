package org.erp.provisioning.account;

/** A line of a bulk import's answer: the outcome of one input line, or the summary that ends the answer. */
public sealed interface BulkAnswer permits BulkOutcome, BulkSummary {
}

package org.erp.provisioning.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erp.provisioning.persistence.DatabaseFailure;
import org.erp.provisioning.problem.ProblemCode;
import org.junit.jupiter.api.Test;

/** The account feature's slot in the failure handling, as a plain unit test; the real refusals are in TakenValuesTest. */
class AccountConstraintsTest {

    private final AccountConstraints constraints = new AccountConstraints();

    @Test
    void theSlugKeyIsSlugTakenOnTheSlugField() {
        var problem = constraints.problemFor(new DatabaseFailure("23505", "accounts_slug_key", "accounts", null, null)).orElseThrow();
        assertEquals(ProblemCode.SLUG_TAKEN, problem.code());
        assertEquals("slug", problem.errors().get(0).field());
    }

    @Test
    void anyForeignKeyIsTheAccountGoneWhatEverItsName() {
        assertEquals(ProblemCode.ACCOUNT_NOT_FOUND, constraints.problemFor(
                new DatabaseFailure("23503", "partner_deals_account_id_fkey", "partner_deals", null, null)).orElseThrow().code());
        assertEquals(ProblemCode.ACCOUNT_NOT_FOUND, constraints.problemFor(
                new DatabaseFailure("23503", null, null, null, null)).orElseThrow().code());
    }

    @Test
    void otherRefusalsAreNotTheAccountFeatures() {
        assertTrue(constraints.problemFor(new DatabaseFailure("23505", "partner_domains_domain_key", null, null, null)).isEmpty());
        assertTrue(constraints.problemFor(new DatabaseFailure("23514", "accounts_slug_format", "accounts", null, null)).isEmpty());
    }
}

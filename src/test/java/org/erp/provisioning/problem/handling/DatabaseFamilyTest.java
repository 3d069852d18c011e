package org.erp.provisioning.problem.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import java.net.ConnectException;
import org.erp.provisioning.problem.ProblemCode;
import org.erp.provisioning.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SQLSTATEs only: the same answer whatever constraint or table the refusal names. */
class DatabaseFamilyTest {

    private final DatabaseProblems family = new DatabaseProblems();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "23505, conflict", "23503, constraint-violated", "23514, constraint-violated", "23502, constraint-violated",
            "22001, constraint-violated", "22003, constraint-violated", "22P02, invalid-enum-value",
            "42804, schema-mismatch", "42703, schema-mismatch", "42P01, schema-mismatch", "42883, schema-mismatch",
            "40001, database-busy", "40P01, database-busy", "55P03, database-busy",
            "08006, database-unavailable", "57P01, database-unavailable", "53300, database-unavailable",
            "28P01, database-unavailable", "25006, database-unavailable", "3D000, database-unavailable"})
    void eachSqlStateHasItsProblem(String sqlState, String code) {
        ProblemException problem = family.classify(Failures.wrapped(Failures.refusal(sqlState, "accounts", "some_rule")))
                .orElseThrow();
        assertEquals(code, problem.code().code());
    }

    @Test
    void aUniqueViolationNamesItsConstraintAndNoSql() {
        ProblemException problem = family.classify(Failures.refusal("23505", "accounts", "accounts_owner_key")).orElseThrow();
        assertTrue(problem.detail().contains("accounts_owner_key"), problem.detail());
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        assertEquals(ProblemCode.DATABASE_UNAVAILABLE,
                family.classify(Failures.wrapped(new ConnectException("Connection refused"))).orElseThrow().code());
        assertEquals(ProblemCode.DATABASE_UNAVAILABLE,
                family.classify(new VertxException("SSL handshake failed", true)).orElseThrow().code());
    }

    @Test
    void whatIsNotTheDatabaseOrNoRefusalIsLeftToOthers() {
        assertTrue(family.classify(new IllegalStateException("boom")).isEmpty());
        assertTrue(family.classify(Failures.refusal("XX000", "accounts", null)).isEmpty());
    }
}

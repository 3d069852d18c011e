package org.erp.provisioning.enums;

/**
 * A Java constant the service has logic for, bound to one label of a native PostgreSQL enum type.
 * The label is the value on the wire and in the database; {@code name()} never is ({@code closed-won}
 * is not a Java identifier).
 */
public interface PgEnumConstant {

    String label();
}

package org.erp.provisioning.problem;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * A failure and everything it wraps. Hibernate Reactive, the Vert.x client, Mutiny and Quarkus wrap what happened
 * in layers of their own, so every classification looks through the whole chain, and only here is it walked.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code failure}, its cause, that one's cause, and so on; a cause that is its own cause ends the chain. */
    public static Stream<Throwable> of(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    /** The first throwable of that type in the chain. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return of(failure).filter(type::isInstance).map(type::cast).findFirst();
    }
}

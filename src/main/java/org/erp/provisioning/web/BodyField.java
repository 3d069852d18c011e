package org.erp.provisioning.web;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One field of a JSON body as JSON merge patch sees it: absent (leave unchanged), {@code null} (clear), or a
 * value.
 */
public final class BodyField<T> {

    private static final BodyField<?> ABSENT = new BodyField<>(false, null);
    private static final BodyField<?> NULL = new BodyField<>(true, null);

    private final boolean present;
    private final T value;

    private BodyField(boolean present, T value) {
        this.present = present;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> BodyField<T> absent() {
        return (BodyField<T>) ABSENT;
    }

    @SuppressWarnings("unchecked")
    public static <T> BodyField<T> ofNull() {
        return (BodyField<T>) NULL;
    }

    public static <T> BodyField<T> of(T value) {
        return value == null ? ofNull() : new BodyField<>(true, value);
    }

    /** Sent, with a value or {@code null}. */
    public boolean isPresent() {
        return present;
    }

    /** Sent as JSON {@code null}. */
    public boolean isNull() {
        return present && value == null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** The value, {@code null} when absent or sent as {@code null}. */
    public T value() {
        return value;
    }

    public <R> BodyField<R> map(Function<T, R> mapper) {
        return hasValue() ? of(mapper.apply(value)) : present ? ofNull() : absent();
    }

    /** Hands the value, {@code null} included, to {@code setter} when the field was sent. */
    public void ifPresent(Consumer<T> setter) {
        if (present) {
            setter.accept(value);
        }
    }
}

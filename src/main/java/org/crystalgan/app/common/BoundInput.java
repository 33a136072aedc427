package org.crystalgan.app.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a ViewModel method that hands out a writable property or collection on purpose: an input the view binds
 * both ways (a text field, a check box, a table's selection) or that a caller sets (the structure a viewer shows).
 * Everything else a ViewModel exposes is read-only ({@code ReadOnly*Property}, {@link ReadOnlyList}); the ArchUnit
 * rule {@code LayeringTest.viewModelsHandOutOnlyDeclaredInputsWritable} checks it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BoundInput {
}

package io.cynodeai.connector.traceability;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A test that names a requirement: a test method, or a whole test class when the tag is on the class.
 * Immutable and thread-safe; ordered by its {@link #display()} form.
 *
 * @param module the module's directory relative to the repository root, for example {@code connector-core}
 * @param className the test class's simple name, nested classes joined with dots ({@code Outer.Inner})
 * @param method the test method's name, or null for a class-level tag
 */
public record TestRef(String module, String className, @Nullable String method) implements Comparable<TestRef> {
  public TestRef {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(className, "className");
  }

  /** {@code module/ClassName#method}, or {@code module/ClassName} for a class-level tag. */
  public String display() {
    return module + "/" + className + (method == null ? "" : "#" + method);
  }

  @Override
  public int compareTo(TestRef other) {
    return display().compareTo(other.display());
  }
}

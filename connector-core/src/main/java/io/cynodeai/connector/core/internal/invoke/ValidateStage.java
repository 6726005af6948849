package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks the request's size against the operation's cap, then its shape against the request schema. The size is
 * measured exactly (a serialization) only when the bound from the plain-JSON walk does not already fit.
 */
final class ValidateStage implements Stage {

  @Override
  public @Nullable Failed apply(Invocation inv) {
    CompiledOperation op = inv.operation();
    long bound = JsonTrees.plainSizeBound(inv.input()); // the plain-JSON check, and a size bound on the way
    if (bound < 0) {
      return Failed.validation("invalid_input", "the input is not a JSON document", List.of());
    }
    long size = bound <= op.descriptor().maxRequestBytes() ? bound : JsonTrees.sizeOf(inv.input());
    if (size > op.descriptor().maxRequestBytes()) {
      return Failed.validation("payload_too_large", "the input is " + size + " bytes; operation '" + op.name()
          + "' accepts at most " + op.descriptor().maxRequestBytes(), List.of());
    }
    List<Violation> violations = op.requestSchema().validate(inv.input(), true);
    if (!violations.isEmpty()) {
      return Failed.validation("schema_violation", "the input does not match the request schema of '"
          + op.name() + "': " + violations.get(0) + (violations.size() > 1
              ? " (and " + (violations.size() - 1) + " more)" : ""), violations);
    }
    return null;
  }
}

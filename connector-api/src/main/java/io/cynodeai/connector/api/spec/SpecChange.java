package io.cynodeai.connector.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a spec changes (or changed) about the named connector: created, updated field by field, unchanged,
 * or deleted.
 */
public record SpecChange(String name, Kind kind, List<FieldChange> fields) {

  /** The kinds of change. */
  public enum Kind {
    CREATE,
    UPDATE,
    UNCHANGED,
    DELETE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One changed field, by JSON Pointer into the spec document; a null side means absent. */
  public record FieldChange(String pointer, @Nullable JsonNode before, @Nullable JsonNode after) {
    public FieldChange {
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  public SpecChange {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    fields = List.copyOf(fields);
  }

  /** A human-readable rendering: {@code ~ name} then one line per field, or {@code = name (no change)}. */
  public String render() {
    StringBuilder out = new StringBuilder();
    switch (kind) {
      case CREATE -> out.append("+ ").append(name).append(" (create)");
      case DELETE -> out.append("- ").append(name).append(" (delete)");
      case UNCHANGED -> out.append("= ").append(name).append(" (no change)");
      case UPDATE -> out.append("~ ").append(name).append(" (update)");
    }
    for (FieldChange f : fields) {
      out.append("\n    ").append(f.pointer()).append(": ").append(f.before() == null ? "<absent>" : f.before())
          .append(" -> ").append(f.after() == null ? "<absent>" : f.after());
    }
    return out.toString();
  }
}

package io.cynodeai.connector.testkit;

/** The kinds of certification check (§15). Immutable, so thread-safe. */
public enum CheckCategory {
  /** The connector type descriptor: accepted by the engine, examples declared. */
  DESCRIPTOR("descriptor"),
  /** Examples and config validate against their schemas. */
  SCHEMA("schema"),
  /** Each example runs through a real engine and succeeds, audited. */
  CONTRACT("contract"),
  /** Each redaction rule names a place the response schema declares and redacts the examples' values. */
  REDACTION("redaction"),
  /** Injected faults are classified, retried and timed out as the descriptor declares. */
  FAILURE_SIMULATION("failure-simulation"),
  /** The connector's own mapping of provider answers (status, Retry-After) to failures, against a stub provider. */
  FAILURE_MAPPING("failure-mapping"),
  /** Each read-only operation under concurrent calls: throughput, latency percentiles and errors. */
  LOAD("load"),
  /** The engine's response normalization fed generated and mutated handler results. */
  FUZZ("fuzz"),
  /** The security validation checklist: one automated item per rule, pass, fail or not applicable. */
  SECURITY("security");

  private final String label;

  CheckCategory(String label) {
    this.label = label;
  }

  /** The lower-case name used in reports ({@code failure-simulation}). */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}

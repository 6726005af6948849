package io.cynodeai.connector.core.internal.invoke;

/** Carries a classified failure out of an attempt, through Failsafe, to the pipeline. */
final class AttemptFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Classification classification;

  AttemptFailure(Classification classification) {
    super(classification.code(), null, false, false);
    this.classification = classification;
  }

  Classification classification() {
    return classification;
  }
}

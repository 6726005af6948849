package io.cynodeai.connector.api.spec;

/**
 * Hears how far an {@link SpecService#apply(SpecSource, io.cynodeai.connector.api.Caller, SpecProgress) apply} has come, for progress
 * displays on large batches. Called on the applying thread after each spec of the batch was processed, in
 * batch order, so it must return quickly. A processed spec is not yet committed: a batch is all-or-nothing
 * and a later spec's refusal still rolls every one of them back; the outcome of the call is what counts.
 */
@FunctionalInterface
public interface SpecProgress {

  /**
   * @param done specs of the batch processed so far, from 1 to {@code total}
   * @param total specs in the batch
   */
  void processed(int done, int total);

  /** Ignores progress. */
  static SpecProgress none() {
    return (done, total) -> {};
  }
}

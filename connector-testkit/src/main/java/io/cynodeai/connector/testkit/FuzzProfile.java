package io.cynodeai.connector.testkit;

/**
 * How many generated handler results the fuzz checks feed each operation's response normalization, and the
 * seed of the generator: the same seed and connector give the same cases, so a failure replays exactly.
 * Immutable, so thread-safe.
 *
 * @param seed the generator's seed
 * @param casesPerOperation cases per operation; 1 to 1,000,000
 */
public record FuzzProfile(long seed, int casesPerOperation) {
  /** The default seed, fixed so certification runs are reproducible. */
  public static final long DEFAULT_SEED = 0x5EED_C0DEL;
  private static final FuzzProfile DEFAULTS = new FuzzProfile(DEFAULT_SEED, 150);

  public FuzzProfile {
    if (casesPerOperation < 1 || casesPerOperation > 1_000_000) {
      throw new IllegalArgumentException("casesPerOperation must be between 1 and 1000000, was "
          + casesPerOperation);
    }
  }

  /** 150 cases per operation from {@link #DEFAULT_SEED}. */
  public static FuzzProfile defaults() {
    return DEFAULTS;
  }
}

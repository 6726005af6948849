package io.cynodeai.connector.cli;

/** The exit codes of {@code connectorctl}; stable, documented in the README. */
public final class ExitCodes {
  /** Success; for diff: no change. */
  public static final int OK = 0;
  /** diff only: the specs would change something. */
  public static final int CHANGES = 1;
  /** Bad command line (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** A spec is invalid; nothing was applied. */
  public static final int INVALID = 3;
  /** Refused: conflict, immutable field, policy, cancel of a finished job; nothing was changed. */
  public static final int REFUSED = 4;
  /** The named spec (or job) does not exist. */
  public static final int NOT_FOUND = 5;
  /** A file or the state directory (or its database) could not be read or written. */
  public static final int IO_ERROR = 6;
  /**
   * invoke: the operation failed (the failure is printed); jobs get: the job failed or was canceled; check: the
   * health check failed (the instance is not active).
   */
  public static final int OPERATION_FAILED = 7;

  /** Interrupted (Ctrl-C, SIGTERM): an apply was rolled back; 128 + SIGINT, as shells report it. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}

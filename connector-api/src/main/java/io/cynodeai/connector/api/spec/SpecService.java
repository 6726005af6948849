package io.cynodeai.connector.api.spec;

import io.cynodeai.connector.api.Caller;
import java.util.List;
import java.util.Optional;

/**
 * The declarative surface (§19.9): validate, diff, apply, list, delete and read the status of connector specs.
 * A spec's {@code metadata.name} is the id of the instance it controls.
 *
 * <p>Applies and deletes are all-or-nothing per submission, serialized within one engine, authorized for
 * {@code connector.instance.manage} and audited (one {@code spec} event per spec, plus the lifecycle events of
 * the instance changes they cause). Reads are authorized for {@code connector.operation.read}. Expected
 * refusals are {@link SpecOutcome.Refused} values, never exceptions. Thread-safe.
 */
public interface SpecService {

  /** Parses and checks a submission without side effects, reporting every problem with its location. */
  SpecValidation validate(SpecSource source);

  /**
   * What applying the submission would change, spec by spec, compared with the current state (the stored
   * spec and the instance as it is now, so drift shows up as a change). Nothing is written.
   */
  SpecOutcome diff(SpecSource source, Caller caller);

  /**
   * Makes the instances match the submitted specs. Applying the same spec again changes nothing. A submitted
   * {@code metadata.resourceVersion} (or {@code uid}) that does not match the stored spec is a conflict.
   */
  SpecOutcome apply(SpecSource source, Caller caller);

  /**
   * {@link #apply(SpecSource, Caller)}, telling {@code progress} after each spec of the batch was processed.
   * Validation comes first and reports nothing; a batch refused before any spec was processed reports
   * nothing either. Implementations that cannot report progress apply without it.
   */
  default SpecOutcome apply(SpecSource source, Caller caller, SpecProgress progress) {
    return apply(source, caller);
  }

  /** The stored specs the caller may read, by name. */
  List<ConnectorSpec> list(Caller caller);

  /** The stored spec with that name, if the caller may read it. */
  Optional<ConnectorSpec> get(String name, Caller caller);

  /** Removes a spec: its instance is disabled and soft-deleted (see docs/specs.md). */
  SpecOutcome delete(String name, Caller caller);

  /** The observed status of the named spec's instance. */
  Optional<SpecStatus> status(String name, Caller caller);

  /**
   * Converges every stored spec's instance back to its spec (the spec wins over changes made outside it);
   * each overwrite is audited as {@code spec.reconcile}. Returns the changes made.
   */
  SpecOutcome reconcile(Caller caller);

  /**
   * Completes an interactive authorization (§19.7): a spec with {@code credentials.mode: oauth} leaves its
   * instance in {@code pending_auth} with an {@link SpecStatus#authUrl() authUrl}; once the user granted
   * access and the host stored the resulting credentials, the host calls this with the {@code state} the
   * provider returned, and the instance is enabled (health-checked). Authorized for
   * {@code connector.credential.manage}.
   */
  SpecOutcome completeAuthorization(String name, String state, Caller caller);
}

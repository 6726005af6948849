package io.cynodeai.connector.api;

import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.spec.SpecService;

/**
 * The engine a host embeds: it runs operations of connector instances as governed calls (policy,
 * validation, timeouts, retries, circuit breaking, normalization, audit).
 *
 * <p>Thread-safe. {@link #invoke} may be called from any number of threads at once. Closing the engine
 * stops its worker threads; invocations after close fail with {@link IllegalStateException}.
 */
public interface ConnectorEngine extends AutoCloseable {

  /**
   * Runs one operation and returns its outcome. An {@code ASYNC} request is submitted as a job instead: the
   * outcome is then a {@link Succeeded} whose data is {@code {"job_id": "...", "state": "pending",
   * "duplicate": false}}, or the refusal. Never throws for an expected failure (unknown instance,
   * denied, invalid input, provider failure, timeout): those are {@link Failed} values.
   *
   * @throws NullPointerException if {@code request} is null
   */
  Outcome invoke(InvocationRequest request);

  /** Async jobs: submit, get, cancel, dead letters (§2.2). An ASYNC {@link #invoke} submits through it too. */
  JobService jobs();

  /** Installs, configures, enables, disables and uninstalls connector instances. */
  InstanceManager instances();

  /**
   * The current SLIs and error-budget burn of every registered connector type that declares SLOs (§10.2).
   * An engine that measures none returns an empty list.
   */
  default java.util.List<io.cynodeai.connector.api.slo.ServiceLevelStatus> serviceLevels() {
    return java.util.List.of();
  }

  /**
   * Polls a polling instance once, now (§11), on the calling thread: checks the tenancy rules and the policy
   * ({@code connector.operation.invoke} with operation {@code poll}), reads the instance's stored cursor,
   * runs the connector's poll, hands the events to the host's subscriber, and only then stores the new cursor.
   * Audited. Never throws for an expected failure: that is a report with {@code succeeded == false}.
   *
   * @throws UnsupportedOperationException if this engine does not poll
   */
  default io.cynodeai.connector.api.poll.PollReport poll(String instanceId, Caller caller) {
    throw new UnsupportedOperationException("this engine does not poll");
  }

  /**
   * The webhook gateway (§11): the entry point a host mounts on its HTTP server, and the management of
   * subscriptions and their verification secrets.
   *
   * @throws UnsupportedOperationException if this engine does not receive webhooks
   */
  default io.cynodeai.connector.api.webhook.WebhookService webhooks() {
    throw new UnsupportedOperationException("this engine does not receive webhooks");
  }

  /**
   * The connector types registered in this engine ({@code name@version}), for {@code caller}: authorized for
   * {@code connector.catalog.read} and audited ({@code catalog.read}), like every other read a caller makes of
   * the engine's configuration.
   *
   * @throws UnsupportedOperationException if this engine does not list its types
   */
  default io.cynodeai.connector.api.instance.TypeListing types(Caller caller) {
    throw new UnsupportedOperationException("this engine does not list its types");
  }

  /**
   * Tells the engine an instance's credentials were rotated or revoked at their source (§8).
   *
   * @throws UnsupportedOperationException if this engine has no credential vault service
   */
  default io.cynodeai.connector.api.instance.CredentialService credentials() {
    throw new UnsupportedOperationException("this engine manages no credentials");
  }

  /** Validates, diffs, applies and deletes declarative connector specs (§19). */
  SpecService specs();

  @Override
  void close();
}

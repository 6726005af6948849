package io.cynodeai.connector.api.store;

/**
 * Erases the credential material of a deleted connector instance (§12 "credential wipe on deletion"). The
 * credential store implements it; the engine calls {@link #wipe} when an instance is uninstalled and again
 * before it is purged, then checks {@link #holdsCredentials} to verify the wipe.
 *
 * <p>Called on the uninstalling thread or the retention task's thread; must be thread-safe and idempotent
 * (wiping an instance without credentials does nothing). May throw on a backend failure: the engine audits
 * the failure and keeps the instance (and retries) until the wipe is verified. Must never log or return
 * credential material.
 */
public interface CredentialWiper {

  /** Destroys every credential (and key material wrapping it) held for the instance. */
  void wipe(String instanceId);

  /** Whether any credential material for the instance is still held. */
  boolean holdsCredentials(String instanceId);

  /**
   * This wiper, then {@code next}: both wipe, in that order, and credentials are held while either holds some.
   */
  default CredentialWiper andThen(CredentialWiper next) {
    CredentialWiper first = this;
    return new CredentialWiper() {
      @Override
      public void wipe(String instanceId) {
        first.wipe(instanceId);
        next.wipe(instanceId);
      }

      @Override
      public boolean holdsCredentials(String instanceId) {
        return first.holdsCredentials(instanceId) || next.holdsCredentials(instanceId);
      }
    };
  }

  /** For engines without a credential store: there is never anything to wipe. */
  static CredentialWiper none() {
    return new CredentialWiper() {
      @Override
      public void wipe(String instanceId) {}

      @Override
      public boolean holdsCredentials(String instanceId) {
        return false;
      }
    };
  }
}

package io.cynodeai.connector.testkit;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.NetworkAccess;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the author configured for the engines a certification builds: network access or an egress policy
 * (egress wins, as in {@link EngineBuilder}), and the instance's credentials. Immutable.
 */
record HostHooks(
    @Nullable NetworkAccess network,
    @Nullable Function<ConnectorInstance, EgressPolicy> egress,
    @Nullable CredentialVault vault,
    @Nullable Function<ConnectorInstance, Map<String, SecretRef>> refs) {

  static final HostHooks NONE = new HostHooks(null, null, null, null);

  /** The same credentials, with every connection going to {@code value} instead (no egress policy). */
  HostHooks withNetworkOnly(NetworkAccess value) {
    return new HostHooks(value, null, vault, refs);
  }

  void applyTo(EngineBuilder builder) {
    if (network != null) {
      builder.networkAccess(instance -> network);
    }
    if (egress != null) {
      builder.egress(egress);
    }
    if (vault != null && refs != null) {
      builder.credentials(vault, refs);
    }
  }
}

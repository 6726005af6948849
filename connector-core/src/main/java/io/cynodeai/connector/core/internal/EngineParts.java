package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.egress.EgressChoice;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorType;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything an engine builder collected, handed to {@link EngineAssembly} in one piece.
 *
 * @param types the registered connector types, not yet validated
 * @param stores the chosen stores (in-memory defaults for the others)
 * @param hostSink the host's audit sink (or the default one)
 * @param egress how instances reach the network
 * @param subscriber the poll subscriber, or null when polling is off
 * @param webhooks the webhook gateway's configuration, or null when it is off
 * @param observer the host's observer
 * @param extensions the host's extensions, in the order added
 */
public record EngineParts(List<ConnectorType> types, StoreSelection stores, AuditSink hostSink, PolicyEngine policy,
    Clock clock, EgressChoice egress, InstanceCredentials credentials, EngineSettings settings,
    Governance governance, @Nullable Consumer<PolledEvents> subscriber, @Nullable WebhookConfig webhooks,
    EngineObserver observer, List<EngineExtension> extensions) {
  public EngineParts {
    types = List.copyOf(types);
    extensions = List.copyOf(extensions);
  }
}

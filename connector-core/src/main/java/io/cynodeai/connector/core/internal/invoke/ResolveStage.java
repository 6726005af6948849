package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.StoreTimeout;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the instance, its connector type version and the operation, and checks the execution mode. An
 * instance beyond the caller's tenant boundary (§12) is answered exactly like one that does not exist.
 */
final class ResolveStage implements Stage {
  private final InstanceStore instances;
  private final TypeRegistry types;
  private final TenantBoundary boundary;

  ResolveStage(InstanceStore instances, TypeRegistry types, TenantBoundary boundary) {
    this.instances = instances;
    this.types = types;
    this.boundary = boundary;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    InvocationRequest request = inv.request;
    Optional<ConnectorInstance> found = instances.find(request.instanceId());
    if (found.isEmpty() || found.get().deleted()) {
      return unknownInstance(request);
    }
    if (!boundary.reachable(found.get(), request.caller(), Action.OPERATION_INVOKE)) {
      inv.boundaryRefused = true;
      return unknownInstance(request);
    }
    ConnectorInstance instance = found.get();
    inv.instance = instance;
    Optional<RegisteredType> type = types.find(instance.connectorType(), instance.connectorTypeVersion());
    if (type.isEmpty()) {
      return Failed.of(FailureClass.PERMANENT, "type_unavailable", "connector type " + instance.connectorType()
          + "@" + instance.connectorTypeVersion() + " is not registered in this engine");
    }
    inv.type = type.get();
    Optional<CompiledOperation> op = type.get().operation(request.operation());
    if (op.isEmpty()) {
      return Failed.of(FailureClass.VALIDATION_ERROR, "unknown_operation", "connector type "
          + type.get().type().coordinates() + " has no operation '" + request.operation() + "'");
    }
    inv.operation = op.get();
    StoreTimeout.narrow(op.get().effectiveTimeout()); // the call's own timeout bounds its store calls
    if (!op.get().descriptor().modes().contains(request.mode())) {
      return Failed.of(FailureClass.VALIDATION_ERROR, "mode_not_supported", "operation '" + request.operation()
          + "' does not support " + request.mode().wireName() + " execution (supports "
          + op.get().descriptor().modes().stream().map(m -> m.wireName()).sorted().toList() + ")");
    }
    return null;
  }

  private static Failed unknownInstance(InvocationRequest request) {
    return Failed.of(FailureClass.VALIDATION_ERROR, "unknown_instance",
        TenantBoundary.unknownInstance(request.instanceId()));
  }
}

package io.cynodeai.connector.core.integration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.concurrent.CountDownLatch;

/**
 * An engine node in a process of its own, for {@link DeadNodeRecoveryTest} to kill: one job worker with the
 * default job settings (5 s lease) on the database named by its one argument. Its handler prints {@code RUNNING}
 * and then never returns, so the node holds its job until it dies.
 */
public final class DyingNode {
  private DyingNode() {}

  /** The job type both nodes register; {@code hangs} makes its handler never return. */
  static ConnectorType type(boolean hangs) {
    return ConnectorType.builder("slow", "1.0.0").configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("work").modes(ExecutionMode.ASYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              if (hangs) {
                System.out.println("RUNNING");
                System.out.flush();
                new CountDownLatch(1).await(); // held until the process is killed
              }
              return HandlerResult.of(in);
            }))
        .build();
  }

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    Stores stores = Stores.postgres(pool);
    ConnectorEngine engine = ConnectorEngines.builder().register(type(true)).stores(stores)
        .policy(PolicyEngine.allowAll()).auditSink(new RecordingAuditSink())
        .jobs(j -> j.withWorkers("node-dying", 1, j.lease())).build();
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await(); // the engine runs until the process is killed
    engine.close();
  }
}

package io.cynodeai.connector.api.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** The §9.1 action taxonomy; every engine API maps to exactly one action. */
public enum Action {
  CATALOG_READ("connector.catalog.read"),
  INSTANCE_MANAGE("connector.instance.manage"),
  OPERATION_INVOKE("connector.operation.invoke"),
  OPERATION_READ("connector.operation.read"),
  CREDENTIAL_MANAGE("connector.credential.manage");

  private final String wireName;

  Action(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}

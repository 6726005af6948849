package io.cynodeai.connector.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;

/**
 * The document and connector type the benchmarks share: an order of about 1 KB (thirteen fields, a nested
 * address and five order lines) used both as the request and as the handler's response, and request and
 * response schemas of the kind a real connector declares (types, required, maxLength, enums, bounds, items).
 */
final class Fixtures {
  static final String TYPE_NAME = "orders";
  static final String OPERATION = "getOrder";
  static final String INSTANCE_ID = "orders-1";

  static final JsonNode DOCUMENT = JsonResources.parse("""
      {
        "orderId": "ord_2024_000000123456",
        "customerId": "cus_8f3a2b71c94d4e0a",
        "status": "processing",
        "priority": 2,
        "currency": "EUR",
        "total": 1289.45,
        "itemCount": 5,
        "paid": true,
        "createdAt": "2024-05-01T12:34:56Z",
        "updatedAt": "2024-05-02T08:10:11Z",
        "notes": "Customer asked for delivery after 5 pm; leave the parcel with the concierge if nobody answers.",
        "tags": ["priority", "b2b", "eu-west"],
        "shippingAddress": {
          "name": "Erika Mustermann",
          "street": "Hauptstrasse 12",
          "city": "Berlin",
          "postalCode": "10115",
          "country": "DE"
        },
        "lines": [
          {"sku": "SKU-100231", "name": "Wireless keyboard", "quantity": 2, "unitPrice": 49.90, "taxRate": 0.19},
          {"sku": "SKU-100877", "name": "USB-C docking station", "quantity": 1, "unitPrice": 189.00, "taxRate": 0.19},
          {"sku": "SKU-200014", "name": "27 inch monitor", "quantity": 2, "unitPrice": 329.00, "taxRate": 0.19},
          {"sku": "SKU-310502", "name": "Ergonomic mouse", "quantity": 3, "unitPrice": 39.95, "taxRate": 0.19},
          {"sku": "SKU-420090", "name": "Laptop stand", "quantity": 1, "unitPrice": 59.90, "taxRate": 0.19}
        ]
      }""");

  private static final String SCHEMA = """
      {
        "type": "object",
        "required": ["orderId", "customerId", "status", "currency", "total", "lines"],
        "properties": {
          "orderId": {"type": "string", "maxLength": 64},
          "customerId": {"type": "string", "maxLength": 64},
          "status": {"type": "string", "enum": ["new", "processing", "shipped", "delivered", "cancelled"]},
          "priority": {"type": "integer", "minimum": 0, "maximum": 5},
          "currency": {"type": "string", "minLength": 3, "maxLength": 3},
          "total": {"type": "number", "minimum": 0},
          "itemCount": {"type": "integer", "minimum": 0},
          "paid": {"type": "boolean"},
          "createdAt": {"type": "string", "maxLength": 40},
          "updatedAt": {"type": "string", "maxLength": 40},
          "notes": {"type": "string", "maxLength": 2000},
          "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 32}},
          "shippingAddress": {
            "type": "object",
            "required": ["name", "street", "city", "country"],
            "properties": {
              "name": {"type": "string", "maxLength": 200},
              "street": {"type": "string", "maxLength": 200},
              "city": {"type": "string", "maxLength": 100},
              "postalCode": {"type": "string", "maxLength": 16},
              "country": {"type": "string", "minLength": 2, "maxLength": 2}
            }
          },
          "lines": {
            "type": "array",
            "maxItems": 500,
            "items": {
              "type": "object",
              "required": ["sku", "quantity", "unitPrice"],
              "properties": {
                "sku": {"type": "string", "maxLength": 32},
                "name": {"type": "string", "maxLength": 200},
                "quantity": {"type": "integer", "minimum": 1},
                "unitPrice": {"type": "number", "minimum": 0},
                "taxRate": {"type": "number", "minimum": 0, "maximum": 1}
              }
            }
          }
        }
      }""";

  /** The request schema is closed (unknown fields are refused), as connectors usually declare inputs. */
  static final JsonNode REQUEST_SCHEMA = closed(JsonResources.parse(SCHEMA));

  /** The response schema is open: providers add fields over time. */
  static final JsonNode RESPONSE_SCHEMA = JsonResources.parse(SCHEMA);

  static final JsonNode CONFIG_SCHEMA = JsonResources.parse("""
      {"type":"object","required":["endpoint"],"additionalProperties":false,
       "properties":{"endpoint":{"type":"string","minLength":1}}}""");

  static final JsonNode CONFIG = JsonResources.parse("{\"endpoint\":\"https://orders.example.test\"}");

  private Fixtures() {}

  /** The benchmark type with an interruptible handler: its calls take the caller-thread fast path. */
  static ConnectorType type(OperationHandler handler) {
    return type(handler, true);
  }

  /** The benchmark type; {@code interruptible} false makes every call hop to an isolated handler thread. */
  static ConnectorType type(OperationHandler handler, boolean interruptible) {
    return ConnectorType.builder(TYPE_NAME, "1.0.0")
        .configSchema("1", CONFIG_SCHEMA)
        .operation(OperationDescriptor.builder(OPERATION)
            .modes(ExecutionMode.SYNC)
            .maxTimeout(Duration.ofSeconds(10))
            .retry(RetryPolicy.exponential(2))
            .requestSchema(REQUEST_SCHEMA)
            .responseSchema(RESPONSE_SCHEMA)
            .handler(handler)
            .interruptible(interruptible))
        .build();
  }

  private static JsonNode closed(JsonNode schema) {
    ((ObjectNode) schema).put("additionalProperties", false);
    return schema;
  }
}

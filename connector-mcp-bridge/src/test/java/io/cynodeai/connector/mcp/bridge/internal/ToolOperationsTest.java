package io.cynodeai.connector.mcp.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolOperationsTest {
  private static final McpServerSpec SPEC = McpServerSpec.builder("files", "node").allowTools("read").build();
  private static final McpSchema.JsonSchema INPUT = new McpSchema.JsonSchema("object",
      Map.of("path", Map.of("type", "string")), List.of("path"), false, null, null);

  @Test
  void aReadOnlyHintMakesAReadOnlyOperation() {
    OperationDescriptor op = ToolOperations.of(SPEC, tool(new McpSchema.ToolAnnotations(null, true, null, null, null,
        null), null), new McpServerProcess(SPEC));

    assertThat(op.mutating()).isFalse();
    assertThat(op.supportsIdempotency()).isFalse();
    assertThat(op.requestSchema().at("/required/0").asText()).isEqualTo("path");
    assertThat(op.requestSchema().at("/additionalProperties").asBoolean()).isFalse();
    assertThat(op.responseSchema().at("/properties/text/type").asText()).isEqualTo("string");
  }

  @Test
  void aToolWithoutAReadOnlyHintIsMutatingAndSupportsIdempotency() {
    OperationDescriptor op = ToolOperations.of(SPEC, tool(null, null), new McpServerProcess(SPEC));

    assertThat(op.mutating()).isTrue();
    assertThat(op.supportsIdempotency()).isTrue();
    assertThat(op.maxTimeout()).isEqualTo(SPEC.callTimeout());
  }

  @Test
  void anOutputSchemaIsTheResponseSchemaWithoutItsDialect() {
    Map<String, Object> output = Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object",
        "properties", Map.of("size", Map.of("type", "integer")));

    OperationDescriptor op = ToolOperations.of(SPEC, tool(null, output), new McpServerProcess(SPEC));

    assertThat(op.responseSchema().has("$schema")).isFalse();
    assertThat(op.responseSchema().at("/properties/size/type").asText()).isEqualTo("integer");
  }

  @Test
  void anIsErrorResultIsAPermanentToolErrorWithATruncatedOneLineMessage() {
    McpSchema.CallToolResult result = new McpSchema.CallToolResult(
        List.of(new McpSchema.TextContent("disk\nfull " + "x".repeat(500))), true, null, null);

    assertThatThrownBy(() -> ToolResults.answer("read", result, false)).isInstanceOfSatisfying(
        ProviderException.class, e -> {
          assertThat(e.code()).isEqualTo("tool_error");
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
          assertThat(e.getMessage()).startsWith("the MCP tool 'read' reported an error: disk full xxx")
              .endsWith("...").doesNotContain("\n").hasSize("the MCP tool 'read' reported an error: ".length() + 203);
        });
  }

  @Test
  void aTextResultIsWrappedWithItsBlocks() {
    McpSchema.CallToolResult result = new McpSchema.CallToolResult(List.of(new McpSchema.TextContent("a"),
        new McpSchema.ImageContent(null, "AAAA", "image/png"), new McpSchema.TextContent("b")), false, null, null);

    var answer = ToolResults.answer("read", result, false);

    assertThat(answer.get("text").asText()).isEqualTo("a\nb");
    assertThat(answer.get("content").toString())
        .isEqualTo("[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image\",\"mimeType\":\"image/png\"},"
            + "{\"type\":\"text\",\"text\":\"b\"}]");
  }

  @Test
  void aStructuredToolWithoutStructuredContentFails() {
    McpSchema.CallToolResult result = new McpSchema.CallToolResult(List.of(), false, null, null);

    assertThatThrownBy(() -> ToolResults.answer("read", result, true)).isInstanceOfSatisfying(
        ProviderException.class, e -> assertThat(e.code()).isEqualTo("tool_output_missing"));
  }

  private static McpSchema.Tool tool(McpSchema.ToolAnnotations annotations, Map<String, Object> output) {
    return new McpSchema.Tool("read", null, "Reads a file", INPUT, output, annotations, null);
  }
}

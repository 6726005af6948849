package io.cynodeai.connector.core.internal.policy;

import io.cynodeai.connector.core.policy.InstancePolicy;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated policy document: rules with subjects, user-defined templates (rules without subjects
 * or instance scope), and per-instance bindings. Immutable.
 */
public record PolicyDocument(
    List<CompiledRule> rules, Map<String, List<CompiledRule>> templates, Map<String, InstancePolicy> instances) {

  public PolicyDocument {
    rules = List.copyOf(rules);
    templates = Map.copyOf(templates);
    instances = Map.copyOf(instances);
  }
}

package io.cynodeai.connector.core.internal.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The only class that names the YAML types; loaded by {@link YamlSupport} only when they are on the class path.
 */
final class YamlFactories {
  private YamlFactories() {}

  static JsonFactory specFactory(int nestingDepthLimit, int codePointLimit, StreamReadConstraints limits) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(nestingDepthLimit);
    options.setCodePointLimit(codePointLimit);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  static ObjectMapper policyMapper() {
    return YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  }

  static boolean aliasOrAnchor(JsonParser parser) throws IOException {
    return parser instanceof YAMLParser y && (y.isCurrentAlias() || y.getObjectId() != null);
  }

  static boolean isYaml(JsonParser parser) {
    return parser instanceof YAMLParser;
  }
}

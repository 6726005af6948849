package io.cynodeai.connector.core.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.internal.codec.OutcomeCodec;

/** Values stored as JSON documents: ISO-8601 times, unknown members ignored (older readers, newer rows). */
final class JsonDocuments {
  static final ObjectMapper MAPPER = OutcomeCodec.MAPPER.copy()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JsonDocuments() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage(), e);
    }
  }
}

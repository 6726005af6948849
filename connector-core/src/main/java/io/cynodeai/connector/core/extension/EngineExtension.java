package io.cynodeai.connector.core.extension;

/**
 * An optional module of the engine (metrics, and in time other modules), added by the host with {@code
 * EngineBuilder.extension(..)}. The builder calls {@link #extend} once per {@code build()}, on the building
 * thread, in the order the extensions were added; everything the extension contributes goes through the {@link
 * ExtensionContext} it is handed, which accepts contributions only during that call. An exception thrown by
 * {@code extend} fails the build with a {@link io.cynodeai.connector.api.ConnectorException} naming the
 * extension, so a module is either wired completely or the engine is not built.
 *
 * <p>Example: {@code ConnectorEngines.builder().extension(MicrometerMetrics.of(registry))}. Implementations
 * should be immutable, so one may serve several builds.
 */
public interface EngineExtension {

  /**
   * A short, stable name for messages ({@code "micrometer-metrics"}); an engine takes at most one extension of a
   * name, so two different extensions must not share one.
   */
  String name();

  /** Contributes this extension's parts to the engine being built; must not keep {@code context} afterwards. */
  void extend(ExtensionContext context);
}

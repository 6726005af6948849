package io.cynodeai.connector.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 is an optional dependency: an engine on in-memory (or PostgreSQL) stores runs on a class path without it,
 * and {@code Stores.h2} then says what to add. Proven by loading the engine in a class loader made of this
 * module's test class path minus the H2 jar.
 */
class StoresWithoutH2Test {

  private static URLClassLoader withoutH2() throws MalformedURLException {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String entry : path.split(File.pathSeparator)) {
      if (new File(entry).getName().startsWith("h2-")) {
        dropped++;
        continue;
      }
      urls.add(new File(entry).toURI().toURL());
    }
    assertThat(dropped).as("the H2 jar was on the test class path and is left out").isEqualTo(1);
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void anEngineOnInMemoryStoresRunsWithoutH2AndStoresH2SaysWhatToAdd(@TempDir Path dir) throws Exception {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = withoutH2()) {
      Thread.currentThread().setContextClassLoader(loader); // service lookups (Jackson modules) see only it
      assertThatThrownBy(() -> Class.forName("org.h2.jdbcx.JdbcConnectionPool", false, loader))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> stores = Class.forName(Stores.class.getName(), true, loader);
      Object memory = stores.getMethod("inMemory").invoke(null);
      Class<?> engines = Class.forName("io.cynodeai.connector.core.ConnectorEngines", true, loader);
      Object builder = engines.getMethod("builder").invoke(null);
      Method withStores = builder.getClass().getMethod("stores", stores);
      Object engine = builder.getClass().getMethod("build").invoke(withStores.invoke(builder, memory));
      ((AutoCloseable) engine).close();

      assertThatThrownBy(() -> stores.getMethod("h2", Path.class).invoke(null, dir.resolve("state")))
          .isInstanceOf(InvocationTargetException.class).cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("com.h2database:h2");
    } finally {
      Thread.currentThread().setContextClassLoader(context);
    }
  }
}

package io.cynodeai.connector.core.egress.integration;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK HTTP(S) servers on 127.0.0.1 that answer "hello" and remember the Host headers they saw. */
final class TestServers {
  private TestServers() {}

  record Running(HttpServer server, List<String> hosts) implements AutoCloseable {
    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static Running https(KeyStore identity, KeyStore clientTrust) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, TestPki.PASSWORD);
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(clientTrust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), clientTrust == null ? null : trust.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        var ssl = context.getDefaultSSLParameters();
        ssl.setNeedClientAuth(clientTrust != null);
        params.setSSLParameters(ssl);
      }
    });
    return start(server, null);
  }

  static Running http(String redirectTo) throws Exception {
    return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), redirectTo);
  }

  private static Running start(HttpServer server, String redirectTo) {
    List<String> hosts = new CopyOnWriteArrayList<>();
    server.createContext("/", exchange -> {
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      if (redirectTo != null) {
        exchange.getResponseHeaders().add("Location", redirectTo);
        exchange.sendResponseHeaders(302, -1);
      } else if (exchange.getRequestURI().getPath().startsWith("/chunked")) {
        exchange.sendResponseHeaders(200, 0); // chunked transfer coding
        for (int i = 0; i < 100; i++) {
          exchange.getResponseBody().write(body);
        }
      } else if (exchange.getRequestURI().getPath().startsWith("/echo")) {
        byte[] echoed = exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, echoed.length);
        exchange.getResponseBody().write(echoed);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    return new Running(server, hosts);
  }
}

package io.cynodeai.connector.spring.autoconfigure.rest;

import io.cynodeai.connector.api.Caller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Turns the authenticated principal into the engine's {@link Caller}; define a bean to replace the default.
 * The default takes the principal's name as the user, its {@code GROUP_x} authorities as groups, and its one
 * {@code PROJECT_x} authority as the project (none when it has zero or several). The project comes from the
 * authentication, never from the request: it is the tenancy boundary. Called on request threads; must be
 * thread-safe.
 */
@FunctionalInterface
public interface ConnectorCallerResolver {
  Caller resolve(Authentication authentication);

  /** The default described above. */
  static ConnectorCallerResolver byAuthorities() {
    return authentication -> {
      List<String> names = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
      List<String> groups = names.stream().filter(n -> n.startsWith("GROUP_")).map(n -> n.substring(6)).toList();
      List<String> projects = names.stream().filter(n -> n.startsWith("PROJECT_")).map(n -> n.substring(8))
          .toList();
      @Nullable String project = projects.size() == 1 ? projects.get(0) : null;
      return new Caller(authentication.getName(), groups, project);
    };
  }
}

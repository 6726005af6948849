package io.cynodeai.connector.spring.autoconfigure.webhook;

import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The same endpoint for a WebFlux server: {@code POST {path}/{instance}/{subscription}}, the body read up to
 * {@code maxBodyBytes + 1} bytes, {@link WebhookService#deliver} called off the event loop (it verifies, stores
 * and hands the event to the subscriber, which may block), the same statuses and bodies. Thread-safe.
 */
public final class WebFluxWebhookRoutes {
  private final WebhookService service;
  private final Clock clock;

  public WebFluxWebhookRoutes(WebhookService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The routes below {@code path}. */
  public RouterFunction<ServerResponse> routes(String path) {
    String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return RouterFunctions.route(RequestPredicates.path(prefix + "/{instance}/{subscription}"), this::deliver)
        .andRoute(RequestPredicates.path(prefix).or(RequestPredicates.path(prefix + "/**")), request ->
            answer(request.method().equals(HttpMethod.POST) ? WebhookReply.notFound()
                : WebhookReply.methodNotAllowed()));
  }

  private Mono<ServerResponse> deliver(ServerRequest request) {
    if (!request.method().equals(HttpMethod.POST)) {
      return answer(WebhookReply.methodNotAllowed());
    }
    String instance = request.pathVariable("instance");
    String subscription = request.pathVariable("subscription");
    Map<String, List<String>> headers = Map.copyOf(request.headers().asHttpHeaders().asMultiValueMap());
    return DataBufferUtils.join(DataBufferUtils.takeUntilByteCount(request.body(
            org.springframework.web.reactive.function.BodyExtractors.toDataBuffers()), service.maxBodyBytes() + 1L))
        .map(WebFluxWebhookRoutes::bytes)
        .defaultIfEmpty(new byte[0])
        .publishOn(Schedulers.boundedElastic())
        .map(body -> WebhookReply.of(service.deliver(instance, subscription,
            new WebhookDelivery(headers, body, clock.instant()))))
        .flatMap(WebFluxWebhookRoutes::answer);
  }

  private static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] out = new byte[buffer.readableByteCount()];
      buffer.read(out);
      return out;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private static Mono<ServerResponse> answer(WebhookReply reply) {
    ServerResponse.BodyBuilder response = ServerResponse.status(reply.status());
    return reply.body() == null ? response.build()
        : response.contentType(MediaType.APPLICATION_JSON).bodyValue(reply.body());
  }
}

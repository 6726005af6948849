package io.cynodeai.connector.spring.autoconfigure.webhook;

import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code POST ${connector.webhooks.path}/{instance}/{subscription}} on a Spring MVC server, mapped like the
 * library's {@code WebhookHttpHandler}: at most {@code maxBodyBytes + 1} bytes of the body are read (an
 * oversized one is refused without being buffered), the delivery goes to {@link WebhookService#deliver}, and
 * its status is the answer; any other method is 405, any other path below the prefix 404. Thread-safe.
 */
@Controller
@ResponseBody
@RequestMapping("${connector.webhooks.path:/webhooks}")
public final class WebMvcWebhookController {
  private final WebhookService service;
  private final Clock clock;

  public WebMvcWebhookController(WebhookService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @RequestMapping("/{instance}/{subscription}")
  public ResponseEntity<byte[]> deliver(@PathVariable("instance") String instance,
      @PathVariable("subscription") String subscription, HttpServletRequest request) throws IOException {
    if (!request.getMethod().equals("POST")) {
      return answer(WebhookReply.methodNotAllowed());
    }
    byte[] body = request.getInputStream().readNBytes(service.maxBodyBytes() + 1);
    return answer(WebhookReply.of(service.deliver(instance, subscription,
        new WebhookDelivery(headers(request), body, clock.instant()))));
  }

  @RequestMapping({"", "/", "/**"})
  public ResponseEntity<byte[]> elsewhere(HttpServletRequest request) {
    return answer(request.getMethod().equals("POST") ? WebhookReply.notFound() : WebhookReply.methodNotAllowed());
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return headers;
  }

  private static ResponseEntity<byte[]> answer(WebhookReply reply) {
    return reply.body() == null ? ResponseEntity.status(reply.status()).build()
        : ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON).body(reply.body());
  }
}

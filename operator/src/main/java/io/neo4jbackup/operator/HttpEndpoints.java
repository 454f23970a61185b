package io.neo4jbackup.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The operator's HTTP endpoints on one port: {@code /metrics} (Prometheus text format), {@code
 * /healthz} (liveness: fails when an informer stopped, which a restart repairs) and {@code /readyz}
 * (the operator started and its informers are healthy).
 */
public final class HttpEndpoints {

  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code port} of every interface (0 picks a free port). */
  public static HttpEndpoints start(int port, PrometheusMeterRegistry meters, Operator operator)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
    server.createContext(
        "/healthz",
        exchange -> {
          RuntimeInfo runtime = operator.getRuntimeInfo();
          boolean healthy = !runtime.isStarted() || runtime.allEventSourcesAreHealthy();
          respond(exchange, healthy ? 200 : 503, healthy ? "ok\n" : unhealthy(runtime));
        });
    server.createContext(
        "/readyz",
        exchange -> {
          RuntimeInfo runtime = operator.getRuntimeInfo();
          if (!runtime.isStarted()) {
            respond(exchange, 503, "starting\n");
          } else if (!runtime.allEventSourcesAreHealthy()) {
            respond(exchange, 503, unhealthy(runtime));
          } else {
            respond(exchange, 200, "ok\n");
          }
        });
    server.setExecutor(Executors.newSingleThreadExecutor(HttpEndpoints::daemon));
    server.start();
    return new HttpEndpoints(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
  }

  private static String unhealthy(RuntimeInfo runtime) {
    return "unhealthy event sources: " + runtime.unhealthyEventSources() + "\n";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", body);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "http-endpoints");
    thread.setDaemon(true);
    return thread;
  }
}

package io.neo4jbackup.objectstore;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A fake S3 endpoint that answers every request with one status and S3 error code, and records the
 * requests ("METHOD path" and the If-None-Match header): for the answers a real server gives too
 * rarely to test with one.
 */
final class TestingS3Server implements AutoCloseable {
  private final HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  TestingS3Server(int status, String code) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
          }
          String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + (ifNoneMatch == null ? "" : " If-None-Match: " + ifNoneMatch));
          byte[] body =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                      + code
                      + "</Code><Message>answered by TestingS3Server</Message></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/xml");
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
          } else {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  ObjectStoreSettings settings() {
    return new ObjectStoreSettings(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        "us-east-1",
        true,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.Compression;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.objectstore.EncryptionKey;
import io.neo4jbackup.objectstore.ObjectStoreBackups;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import io.neo4jbackup.objectstore.ObjectStoreSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of a command whose backup is in object storage ({@code s3://bucket/prefix}): the
 * endpoint, the region, path-style requests, the local work directory, and how objects are
 * compressed and encrypted. Credentials come the AWS SDK's usual way (environment, profiles, web
 * identity, roles), never on the command line.
 */
final class ObjectStoreOptions {
  @Option(
      names = {"-endpoint", "--endpoint"},
      paramLabel = "URL",
      description =
          "With s3:// locations: the S3-compatible endpoint, e.g. http://minio:9000 (default:"
              + " AWS S3).")
  String endpoint;

  @Option(
      names = {"-region", "--region"},
      paramLabel = "NAME",
      description =
          "With s3:// locations: the region (default: AWS_REGION or the profile's, else"
              + " us-east-1).")
  String region;

  @Option(
      names = {"-path-style", "--path-style"},
      description =
          "With s3:// locations: path-style requests (endpoint/bucket/key), which most"
              + " S3-compatible servers need.")
  boolean pathStyle;

  @Option(
      names = {"-work", "--work"},
      paramLabel = "DIR",
      description =
          "With s3:// locations: where the local copy is made (default: a new directory in"
              + " java.io.tmpdir, deleted afterwards). It needs room for the whole backup. A backup"
              + " whose upload fails or is killed is kept there, and the next backup with the"
              + " same -work and location finishes that upload first. Each location has a"
              + " directory of its own there, which neo4j-backup marks and empties only while"
              + " its marker is in it: a directory it did not make is never emptied.")
  Path work;

  @Option(
      names = {EngineArguments.CA_BUNDLE, "--ca-bundle"},
      paramLabel = "FILE",
      description =
          "With s3:// locations: a PEM file of CA certificates to trust for an https endpoint,"
              + " beside the JVM's.")
  Path caBundle;

  @Option(
      names = {"-compression", "--compression"},
      paramLabel = "none|zstd|lz4",
      description =
          "With s3:// locations: how backups compress the objects they write (default: none for"
              + " a full backup; an incremental continues with its chain's). Reads need no option.")
  String compression;

  @Option(
      names = {"-encryption-key-file", "--encryption-key-file"},
      paramLabel = "FILE",
      description =
          "With s3:// locations: encrypt objects (AES-256-GCM, streaming) with the key in FILE, or"
              + " read a chain encrypted with it: 32 raw bytes, or 44 characters of base64"
              + " (openssl rand -base64 32) or 64 hex digits.")
  Path encryptionKeyFile;

  /** The value of option {@code name} exactly as given (a path would lose s3://'s double slash). */
  static String given(CommandLine.Model.CommandSpec spec, String name) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null || !parsed.hasMatchedOption(name)) {
      return null;
    }
    List<String> values = parsed.matchedOption(name).stringValues();
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** The positional parameter {@code index} exactly as given. */
  static String givenPositional(CommandLine.Model.CommandSpec spec, int index) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null || !parsed.hasMatchedPositional(index)) {
      return null;
    }
    List<String> values = parsed.matchedPositional(index).stringValues();
    return values.isEmpty() ? null : values.get(0);
  }

  /** Refuses the object storage options for a location that is a directory. */
  void refuseUnlessObjectStore(String location) {
    if (!ObjectStoreLocation.isObjectStore(location)
        && (endpoint != null
            || region != null
            || pathStyle
            || work != null
            || caBundle != null
            || compression != null
            || encryptionKeyFile != null)) {
      throw new BackupException(
          BackupFailure.USAGE,
          "-endpoint, -region, -path-style, -work, -ca-bundle, -compression and"
              + " -encryption-key-file go with an s3://bucket/prefix location");
    }
  }

  /** The compression given, or null. */
  private Compression compression() {
    if (compression == null) {
      return null;
    }
    for (Compression value : Compression.values()) {
      if (value.argument().equals(compression.toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    throw new BackupException(
        BackupFailure.USAGE, "-compression takes none, zstd or lz4: got '" + compression + "'");
  }

  ObjectStoreBackups backups() {
    URI uri = null;
    if (endpoint != null) {
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
        throw new BackupException(
            BackupFailure.USAGE,
            "-endpoint takes a URL such as http://minio:9000 or https://s3.example.com: got '"
                + endpoint
                + "'");
      }
    }
    Compression given = compression();
    ObjectStoreSettings settings =
        new ObjectStoreSettings(uri, region, pathStyle, null).withCaBundle(caBundle);
    settings.check();
    return new ObjectStoreBackups(settings, work, Clock.systemUTC())
        .encoded(given, encryptionKeyFile == null ? null : EncryptionKey.read(encryptionKeyFile));
  }
}

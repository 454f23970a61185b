package io.neo4jbackup.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a completed backup did. {@code verified} is null when the checker was not asked for; {@code
 * member} is the member the backup came from, and {@code members} what became of each member of the
 * URI, in its order.
 */
public record BackupResult(
    String mode,
    Path target,
    String database,
    String storeId,
    String member,
    String clusterName,
    long firstTxId,
    long lastTxId,
    long bytes,
    int files,
    Duration duration,
    Boolean verified,
    String verification,
    List<MemberOutcome> members) {}

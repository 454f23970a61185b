package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How long one phase of a backup process took. The phases, in order: {@code jvm} (from the
 * process's start to the engine's first line of code: the JVM's own start-up), {@code startUp}
 * (parsing the command line, loading the engine), {@code connecting} (up to the first byte of the
 * transfer: connection, handshake, the server's checkpoint for a full backup), {@code
 * transferring}, {@code recovering} (Neo4j's recovery replaying the transferred transactions, with
 * its start-up and shutdown), {@code verifying} (the consistency checker and the restore drill),
 * {@code publishing} (renames and fsyncs up to the result). A phase a run did not go through is
 * absent.
 */
public record PhaseTime(
    @JsonProperty("phase") String phase, @JsonProperty("duration") Duration duration) {}

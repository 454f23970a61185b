package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a completed restore did: the {@code restored} part of the engine's {@code -json} success
 * line for {@code restore}. The database {@code database} now holds the backup up to transaction
 * {@code lastTxId}, committed on the source at {@code lastCommitTime} (absent when the backup does
 * not know it); {@code databaseDirectory} and {@code transactionLogDirectory} are where it was put,
 * {@code keptAside} where the folders it replaced were kept (empty when none were, or they were
 * deleted), and {@code verified} whether the consistency checker passed it (absent when not asked
 * for).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreResult(
    @JsonProperty("database") String database,
    @JsonProperty("lastTxId") long lastTxId,
    @JsonProperty("lastCommitTime") Instant lastCommitTime,
    @JsonProperty("databaseDirectory") String databaseDirectory,
    @JsonProperty("transactionLogDirectory") String transactionLogDirectory,
    @JsonProperty("keptAside") List<String> keptAside,
    @JsonProperty("verified") Boolean verified) {}

package io.neo4jbackup.operator.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What a schedule does about its ticks at one moment: at most one run to start (or to start once
 * the running backup is cancelled), the ticks it records as missed or skipped, and the next tick.
 *
 * @param handledThrough the new handled-through time: ticks up to it are dealt with
 * @param start the tick whose backup to create now
 * @param replace the tick whose backup to create once the running backup, cancelled now, is gone
 * @param skipped the tick skipped because a backup of this schedule is still running
 * @param missed how many ticks are newly counted as missed (too late to run)
 * @param missedAtLeast whether {@code missed} is a lower bound (an enormous backlog is not counted)
 * @param lastMissed the latest tick newly counted as missed
 * @param next the next tick after now; empty when suspended or when the expression never fires
 */
public record RunPlan(
    Instant handledThrough,
    Optional<Instant> start,
    Optional<Instant> replace,
    Optional<Instant> skipped,
    long missed,
    boolean missedAtLeast,
    Optional<Instant> lastMissed,
    Optional<Instant> next) {}

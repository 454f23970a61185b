package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;

/**
 * A change to the cluster that a schedule's decision asks for; the reconciler carries them out in
 * order, before it records the Events and writes the status.
 */
public sealed interface ScheduleAction {

  /** Create the run's Neo4jBackup; one that exists already (an earlier attempt) is the run's. */
  record CreateBackup(Neo4jBackup backup) implements ScheduleAction {}

  /**
   * Delete a Neo4jBackup, never its data: one cancelled for a new run (Replace), or a finished one
   * beyond the history limits.
   */
  record DeleteBackup(Neo4jBackup backup) implements ScheduleAction {}

  /** Create the Job that deletes an old chain; one that exists already is that deletion's. */
  record CreateRetentionJob(Job job) implements ScheduleAction {}

  /** Create a restore drill's Job; one that exists already is that drill's. */
  record CreateDrillJob(Job job) implements ScheduleAction {}

  /** Delete a finished retention or drill Job (its pods with it, in the background). */
  record DeleteJob(Job job) implements ScheduleAction {}
}

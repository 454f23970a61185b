package io.neo4jbackup.helm;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a person needs to use backups and schedules in a namespace, and what they must not get with
 * it: the chart's edit and view roles grant exactly this (the README's "Who may back up" says the
 * same). Permissions read as in {@link OperatorAccess}.
 */
final class UserAccess {

  private static final String BACKUPS = "neo4jbackup.io/neo4jbackups";
  private static final String SCHEDULES = "neo4jbackup.io/neo4jbackupschedules";

  /** Create, follow, label, re-apply and delete backups and schedules (suspend is a patch). */
  static final Set<String> EDIT =
      permissions(
          Set.of(BACKUPS, SCHEDULES),
          "get",
          "list",
          "watch",
          "create",
          "update",
          "patch",
          "delete");

  /** Read them. */
  static final Set<String> VIEW = permissions(Set.of(BACKUPS, SCHEDULES), "get", "list", "watch");

  /** What using backups must not bring: writing statuses, running pods, reading Secrets. */
  static final Set<String> NOT_GRANTED =
      Set.of(
          BACKUPS + "/status:update",
          BACKUPS + "/status:patch",
          SCHEDULES + "/status:update",
          BACKUPS + ":deletecollection",
          "batch/jobs:create",
          "/pods:create",
          "/pods/exec:create",
          "/secrets:get",
          "/serviceaccounts:create",
          "/persistentvolumeclaims:delete");

  private UserAccess() {}

  private static Set<String> permissions(Set<String> resources, String... verbs) {
    Set<String> permissions = new TreeSet<>();
    for (String resource : resources) {
      for (String verb : verbs) {
        permissions.add(resource + ":" + verb);
      }
    }
    return Set.copyOf(permissions);
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A schedule's restore drills: on their own cron schedule, a Job boots a read-only copy of the
 * schedule's newest successful backup and checks that a query answers what is expected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleDrill {

  @JsonPropertyDescription(
      "When drills run: a cron expression with the same syntax and time zone (`spec.timeZone`)"
          + " as `spec.schedule` (for example `0 6 * * 0`, Sundays at 06:00). A drill never"
          + " starts while a backup or a chain deletion of this schedule runs (it waits), and"
          + " drills missed while the operator was down run once, not once per missed time.")
  @Required
  @Pattern(Patterns.CRON_SCHEDULE)
  @Size(min = 1, max = 256)
  private String schedule;

  @JsonPropertyDescription(
      "The Cypher query run on a read-only boot of a copy of the newest successful backup's"
          + " newest state. It must return one row of one column (for example `MATCH"
          + " (n:Customer) RETURN count(n) > 0`). The copy is made in the drill pod's /tmp, which"
          + " needs space for the whole database.")
  @Required
  @Size(min = 1, max = 2048)
  private String query;

  @JsonPropertyDescription(
      "The query's expected answer, as text: `true`/`false`, numbers in decimal, strings as they"
          + " are, `null`, lists and maps as JSON. Any other answer fails the drill"
          + " (`DrillPassed=False`, event DrillFailed); the backup itself stays as it is.")
  @Required
  @Size(max = 512)
  private String expect;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public String getExpect() {
    return expect;
  }

  public void setExpect(String expect) {
    this.expect = expect;
  }
}

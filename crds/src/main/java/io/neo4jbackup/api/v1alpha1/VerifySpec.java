package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The checks a backup must pass before it is published: Neo4j's consistency checker, a restore
 * drill (a query on a read-only boot of a copy that must answer what is expected), or both. Before
 * drills this field was a boolean; {@link #of(boolean)} still reads {@code verify: true} as {@code
 * verify: {consistency: true}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.query) == has(self.expect)",
    message = "verify.query and verify.expect go together: a drill needs both")
public class VerifySpec {

  @JsonPropertyDescription(
      "Run Neo4j's consistency checker on the backup after it is written; the backup fails with"
          + " VerificationFailed when it finds inconsistencies. Costs time and memory in"
          + " proportion to the store.")
  @Default("false")
  private Boolean consistency;

  @JsonPropertyDescription(
      "A restore drill: a Cypher query run on a read-only boot of a copy of the new backup"
          + " before it is published. It must return one row of one column, whose value is"
          + " compared as text with `expect` (for example `MATCH (n:Customer) RETURN count(n) >"
          + " 0`). Set it together with `expect`. The copy is made in the pod's /tmp, which"
          + " needs space for the whole database.")
  @Size(min = 1, max = 2048)
  private String query;

  @JsonPropertyDescription(
      "The drill query's expected answer, as text: `true`/`false`, numbers in decimal, strings"
          + " as they are, `null`, lists and maps as JSON. When the query answers anything else"
          + " the backup fails with VerificationFailed and is not published. Set it together"
          + " with `query`.")
  @Size(max = 512)
  private String expect;

  public VerifySpec() {}

  /**
   * The boolean form this field had before drills: {@code verify: true} asks for the consistency
   * checker, as {@code verify: {consistency: true}} does now.
   */
  @JsonCreator
  public static VerifySpec of(boolean consistency) {
    VerifySpec verify = new VerifySpec();
    verify.setConsistency(consistency);
    return verify;
  }

  public Boolean getConsistency() {
    return consistency;
  }

  public void setConsistency(Boolean consistency) {
    this.consistency = consistency;
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

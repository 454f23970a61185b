package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A drill's answer is written as the text its expected answer is compared with: what a person
 * writes for that value in {@code -drill-expect}.
 */
class DrillAnswerTest {

  @Test
  void booleansAreTrueOrFalse() {
    assertThat(DrillAnswer.render(true)).isEqualTo("true");
    assertThat(DrillAnswer.render(false)).isEqualTo("false");
  }

  @Test
  void integersAreInDecimal() {
    assertThat(DrillAnswer.render(1171L)).isEqualTo("1171");
    assertThat(DrillAnswer.render(-42L)).isEqualTo("-42");
    assertThat(DrillAnswer.render(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
  }

  @Test
  void floatsAreAsJavaWritesThem() {
    assertThat(DrillAnswer.render(1.5)).isEqualTo("1.5");
    assertThat(DrillAnswer.render(2.0)).isEqualTo("2.0");
    assertThat(DrillAnswer.render(1.0e10)).isEqualTo("1.0E10");
  }

  @Test
  void stringsAreAsTheyAre() {
    assertThat(DrillAnswer.render("Ada Lovelace")).isEqualTo("Ada Lovelace");
    assertThat(DrillAnswer.render("say \"hi\"")).isEqualTo("say \"hi\"");
    assertThat(DrillAnswer.render("")).isEmpty();
  }

  @Test
  void nullIsNull() {
    assertThat(DrillAnswer.render(null)).isEqualTo("null");
  }

  @Test
  void listsAreJson() {
    assertThat(DrillAnswer.render(List.of(1L, 2L, 3L))).isEqualTo("[1,2,3]");
    assertThat(DrillAnswer.render(Arrays.asList("a", null, true, 1.5)))
        .isEqualTo("[\"a\",null,true,1.5]");
    assertThat(DrillAnswer.render(List.of())).isEqualTo("[]");
  }

  @Test
  void propertyArraysAreJsonLists() {
    assertThat(DrillAnswer.render(new long[] {1, 2})).isEqualTo("[1,2]");
    assertThat(DrillAnswer.render(new String[] {"x", "y"})).isEqualTo("[\"x\",\"y\"]");
  }

  @Test
  void mapsAreJsonWithTheirKeysSorted() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", "Ada");
    map.put("age", 36L);
    map.put("tags", List.of("math"));

    assertThat(DrillAnswer.render(map))
        .isEqualTo("{\"age\":36,\"name\":\"Ada\",\"tags\":[\"math\"]}");
  }

  @Test
  void otherValuesAreAsNeo4jWritesThem() {
    assertThat(DrillAnswer.render(LocalDate.of(2026, 12, 5))).isEqualTo("2026-12-05");
    assertThat(DrillAnswer.render(List.of(LocalDate.of(2026, 12, 5))))
        .isEqualTo("[\"2026-12-05\"]");
  }
}

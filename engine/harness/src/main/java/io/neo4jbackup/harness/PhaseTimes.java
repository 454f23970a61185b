package io.neo4jbackup.harness;

import io.neo4jbackup.client.Progress;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Where one backup's time went: the time from its start to each phase it entered. */
final class PhaseTimes implements Progress {
  private final long start = System.nanoTime();
  private final Map<Phase, Long> entered = new EnumMap<>(Phase.class);

  @Override
  public void update(int files, long bytes, String currentFile) {}

  @Override
  public void phase(Phase phase) {
    entered.putIfAbsent(phase, System.nanoTime());
  }

  /**
   * For example {@code "connecting 0.02 s, transferring 0.08 s, recovering 0.21 s"}: each phase's
   * share, the first counted from the start, the last up to {@code end}.
   */
  String describe(long end) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    long from = start;
    String name = "connecting";
    for (Map.Entry<Phase, Long> phase : entered.entrySet()) {
      seconds.put(name, (phase.getValue() - from) / 1e9);
      from = phase.getValue();
      name = phase.getKey().name().toLowerCase(Locale.ROOT);
    }
    seconds.put(name, (end - from) / 1e9);
    return seconds.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}

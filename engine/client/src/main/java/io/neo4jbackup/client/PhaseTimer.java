package io.neo4jbackup.client;

import io.neo4jbackup.contract.PhaseTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one backup process's time goes: told of each phase the backup enters, it adds up the time
 * spent in each ({@link PhaseTime}); a phase entered twice (the drill and the checker both verify)
 * is one. Times are {@link System#nanoTime()} readings; the JVM's own start comes from the
 * operating system's start time of the process.
 */
public final class PhaseTimer implements Progress {
  private final Progress next;
  private final long created = System.nanoTime();
  private final List<String> names = new ArrayList<>();
  private final List<Long> entered = new ArrayList<>();

  /** A timer that passes every report on to {@code next} too. */
  public PhaseTimer(Progress next) {
    this.next = next == null ? Progress.NONE : next;
    names.add("connecting");
    entered.add(created);
  }

  @Override
  public void update(int files, long bytes, String currentFile) {
    next.update(files, bytes, currentFile);
  }

  @Override
  public synchronized void phase(Phase phase) {
    String name = phase.name().toLowerCase(Locale.ROOT);
    if (!names.get(names.size() - 1).equals(name)) {
      names.add(name);
      entered.add(System.nanoTime());
    }
    next.phase(phase);
  }

  @Override
  public void replayed(long appendIndex) {
    next.replayed(appendIndex);
  }

  /**
   * The phases up to now: {@code jvm} (the process's start to {@code mainStarted}, a {@link
   * System#nanoTime()} reading, when the start is known), {@code startUp} ({@code mainStarted} to
   * this timer's creation), then each phase the backup went through.
   */
  public synchronized List<PhaseTime> phases(Duration jvm, long mainStarted) {
    long end = System.nanoTime();
    Map<String, Long> nanos = new LinkedHashMap<>();
    if (jvm != null) {
      nanos.put("jvm", jvm.toNanos());
    }
    if (mainStarted > 0) {
      nanos.put("startUp", created - mainStarted);
    }
    for (int i = 0; i < names.size(); i++) {
      long until = i + 1 < names.size() ? entered.get(i + 1) : end;
      nanos.merge(names.get(i), until - entered.get(i), Long::sum);
    }
    List<PhaseTime> phases = new ArrayList<>();
    nanos.forEach(
        (name, time) -> phases.add(new PhaseTime(name, Duration.ofNanos(Math.max(0, time)))));
    return phases;
  }
}

package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.contract.PhaseTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a backup process's time went: each phase once, in the order first entered. */
class PhaseTimerTest {

  @Test
  void phasesComeInTheOrderEnteredAndAPhaseEnteredTwiceIsOne() throws InterruptedException {
    List<Progress.Phase> passedOn = new ArrayList<>();
    long mainStarted = System.nanoTime();
    Thread.sleep(5);
    PhaseTimer timer =
        new PhaseTimer(
            new Progress() {
              @Override
              public void update(int files, long bytes, String currentFile) {}

              @Override
              public void phase(Phase phase) {
                passedOn.add(phase);
              }
            });
    timer.phase(Progress.Phase.TRANSFERRING);
    timer.phase(Progress.Phase.RECOVERING);
    timer.phase(Progress.Phase.VERIFYING);
    timer.phase(Progress.Phase.RECOVERING);
    timer.phase(Progress.Phase.VERIFYING);
    timer.phase(Progress.Phase.PUBLISHING);

    List<PhaseTime> phases = timer.phases(Duration.ofMillis(300), mainStarted);

    assertThat(phases)
        .extracting(PhaseTime::phase)
        .containsExactly(
            "jvm",
            "startUp",
            "connecting",
            "transferring",
            "recovering",
            "verifying",
            "publishing");
    assertThat(phases.get(0).duration()).isEqualTo(Duration.ofMillis(300));
    assertThat(phases.get(1).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
    assertThat(passedOn).as("every report goes on to the next progress").hasSize(6);
  }

  @Test
  void withoutALaunchTimeOrAMainThereIsNoJvmOrStartUpPhase() {
    PhaseTimer timer = new PhaseTimer(null);
    timer.phase(Progress.Phase.TRANSFERRING);

    assertThat(timer.phases(null, 0))
        .extracting(PhaseTime::phase)
        .containsExactly("connecting", "transferring");
  }
}

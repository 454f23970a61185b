package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlignedMemoryTest {
  @Test
  void theMemoryIsAsLongAsAskedAndStartsOnTheAlignment() {
    try (AlignedMemory memory = AlignedMemory.allocate(3 * 4096 + 1, 4096)) {
      assertThat(memory.buffer().isDirect()).isTrue();
      assertThat(memory.buffer().capacity()).isEqualTo(3 * 4096 + 1);
      assertThat(memory.buffer().alignmentOffset(0, 4096)).isZero();
    }
  }

  @Test
  void closingTwiceFreesOnce() {
    AlignedMemory memory = AlignedMemory.allocate(4096, 512);
    memory.close();
    memory.close();
  }

  @Test
  void anAlignmentThatIsNotAPowerOfTwoIsRefused() {
    assertThatThrownBy(() -> AlignedMemory.allocate(4096, 3000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alignment 3000 is not a power of two");
  }
}

package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    var metric = io.netty.buffer.UnpooledByteBufAllocator.DEFAULT.metric();
    long before = metric.usedDirectMemory();
    AlignedMemory memory = AlignedMemory.allocate(4096, 512);
    assertThat(metric.usedDirectMemory()).isGreaterThanOrEqualTo(before + 4096);

    memory.close();
    assertThat(metric.usedDirectMemory()).as("freed by the first close").isEqualTo(before);
    memory.close(); // a second release would throw IllegalReferenceCountException
    assertThat(metric.usedDirectMemory()).as("nothing freed twice").isEqualTo(before);
  }

  @Test
  void directIoAlignsToTheFileSystemsBlockSizeWithinTheBoundGiven(@TempDir Path dir)
      throws Exception {
    int block = AlignedMemory.directIoBlockSize(dir, 1 << 20);
    assertThat(block).isPositive();
    assertThat(Integer.bitCount(block)).isEqualTo(1);
    assertThat(AlignedMemory.directIoBlockSize(dir, block - 1))
        .as("a block beyond the bound")
        .isZero();
  }

  @Test
  void anAlignmentThatIsNotAPowerOfTwoIsRefused() {
    assertThatThrownBy(() -> AlignedMemory.allocate(4096, 3000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alignment 3000 is not a power of two");
  }
}

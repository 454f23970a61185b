package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadJournalTest {
  @TempDir Path directory;

  static final ChainIndex.Entry ENCRYPTED =
      new ChainIndex.Entry(
          "base/neostore",
          "base/neostore",
          0,
          8192,
          "plain==",
          "zstd+aes256-gcm-hkdf-64k",
          1234L,
          "stored==");

  @Test
  void aSentObjectsEntryIsReadBackWholeByTheNextRun() {
    Path file = directory.resolve("uploaded.txt");
    UploadJournal first = new UploadJournal(file);
    first.record("p/chain-1/base/neostore", ENCRYPTED);
    first.record("p/chain-1/manifests/00000001.json");

    UploadJournal next = new UploadJournal(file);

    assertThat(next.done("p/chain-1/base/neostore")).isTrue();
    assertThat(next.entry("p/chain-1/base/neostore")).isEqualTo(ENCRYPTED);
    assertThat(next.done("p/chain-1/manifests/00000001.json")).isTrue();
    assertThat(next.entry("p/chain-1/manifests/00000001.json")).isNull();
  }

  @Test
  void aLineCutShortByAKillAndObjectsTheStoreNoLongerListsAreNotTrusted() throws Exception {
    Path file = directory.resolve("uploaded.txt");
    UploadJournal first = new UploadJournal(file);
    first.record("p/chain-1/a", ENCRYPTED.at("a", 0));
    first.record("p/chain-1/b", ENCRYPTED.at("b", 0));
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(
        file,
        "p/chain-1/c\t{\"key\":\"c\",\"pa",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    UploadJournal next = new UploadJournal(file);
    next.retainOnly(List.of("p/chain-1/a", "p/chain-1/c"));

    assertThat(whole).endsWith("\n");
    assertThat(next.entry("p/chain-1/a")).isEqualTo(ENCRYPTED.at("a", 0));
    assertThat(next.done("p/chain-1/b")).isFalse();
    assertThat(next.entry("p/chain-1/b")).isNull();
    assertThat(next.done("p/chain-1/c")).isFalse();

    // The cut line is dropped: what this run records starts a line of its own.
    next.record("p/chain-1/c", ENCRYPTED.at("c", 0));
    assertThat(new UploadJournal(file).entry("p/chain-1/c")).isEqualTo(ENCRYPTED.at("c", 0));
  }
}

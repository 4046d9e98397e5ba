package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/** §14 Providers: opening makes no network call; a missing bucket shows on first use. */
abstract class ProvidersSection extends TckSection {

  @Test
  void spec14_5_missingBucket_opensWithoutError_andFirstUseThrowsNotFoundWithoutAKey() {
    Storage missing;
    try {
      missing = fixture.openMissingBucket();
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "skipped: " + e.getMessage());
      return;
    }
    try (Storage s = missing) {
      Throwable listed = catchThrowable(() -> {
        try (Stream<StorageFile> files = s.list()) {
          files.findFirst();
        }
      });
      assertThat(listed).as("§14.5: listing a missing bucket throws NotFoundException")
          .isInstanceOf(NotFoundException.class);
      assertThat(((NotFoundException) listed).key()).as("§14.5: it names the bucket, not a key").isEmpty();
      if (s.capabilities().contains(Capability.WRITE)) {
        Throwable put = catchThrowable(() -> s.put("k.txt", new ByteArrayInputStream(new byte[] {1})));
        assertThat(put).as("§14.5: writing into a missing bucket throws NotFoundException")
            .isInstanceOf(NotFoundException.class);
        assertThat(((NotFoundException) put).key()).as("§14.5: it names the bucket, not the key").isEmpty();
      }
    }
  }
}

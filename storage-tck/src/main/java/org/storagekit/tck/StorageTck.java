package org.storagekit.tck;

import org.junit.jupiter.api.Nested;

/**
 * The StorageKit TCK: every rule of {@code SPEC.md} as a JUnit 5 test, one {@link Nested} class a
 * SPEC section. A backend's test extends this class and supplies its {@link TckFixture}:
 *
 * <pre>{@code
 * class LocalStorageTckTest extends StorageTck {
 *   @TempDir static Path root;
 *
 *   protected TckFixture fixture() {
 *     return new TckFixture() {
 *       public Storage openStorage(String prefix) {
 *         return LocalStorageConfig.builder(root.resolve(prefix)).build().open();
 *       }
 *       public Set<Capability> declaredCapabilities() { return EnumSet.of(WRITE, RANGED_READ, COPY, ETAG); }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>The test class MAY be its own fixture ({@code implements TckFixture}, {@code return this}).
 * Servers and clients the fixture needs for the whole run belong in static fields or
 * {@code @BeforeAll}/{@code @AfterAll} methods of the test class: they run once, around every
 * section.
 *
 * <p>Each test works in its own random prefix, which it empties at the end. Tests gated by a
 * capability run where it is declared; their twins check that where it is absent the operation
 * throws {@link UnsupportedOperationException} and changes nothing. Test names cite the rule they
 * check ({@code spec3_4_...} checks §3.4) and are unique across the sections.
 */
public abstract class StorageTck {

  /**
   * The backend's fixture. It is asked for before every test, on the test's own instance of this
   * class; it MUST NOT return {@code null}.
   */
  protected abstract TckFixture fixture();

  @Nested
  class Keys extends KeysSection {}

  @Nested
  class Listing extends ListingSection {}

  @Nested
  class Reading extends ReadingSection {}

  @Nested
  class GetAllFiles extends GetAllFilesSection {}

  @Nested
  class Writing extends WritingSection {}

  @Nested
  class AddDirectory extends AddDirectorySection {}

  @Nested
  class Copy extends CopySection {}

  @Nested
  class Delete extends DeleteSection {}

  @Nested
  class Cache extends CacheSection {}

  @Nested
  class Flush extends FlushSection {}

  @Nested
  class Equality extends EqualitySection {}

  @Nested
  class Progress extends ProgressSection {}

  @Nested
  class Metadata extends MetadataSection {}

  @Nested
  class Conditional extends ConditionalSection {}

  @Nested
  class Folders extends FolderSection {}

  @Nested
  class BatchDelete extends BatchDeleteSection {}

  @Nested
  class Presign extends PresignSection {}

  @Nested
  class Capabilities extends CapabilitySection {}

  @Nested
  class Providers extends ProvidersSection {}

  @Nested
  class StorageLifecycle extends LifecycleSection {}
}

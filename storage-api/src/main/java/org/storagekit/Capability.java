package org.storagekit;

/**
 * Optional features a storage declares [§15]. Where a capability is absent, the operations it
 * gates throw {@link UnsupportedOperationException} and change nothing [§13.3]; they never quietly
 * do nothing or give a false answer.
 */
public enum Capability {
  /** Adding, putting, copying and deleting files. Without it the storage is read-only. */
  WRITE,
  /** {@link Storage#open(String, long, long)}: reading a byte range. */
  RANGED_READ,
  /** {@link Storage#copy(String, String)}. */
  COPY,
  /** Copies happen on the server, without the bytes passing through this process. */
  SERVER_SIDE_COPY,
  /** Every listed file carries an {@link StorageFile#etag() ETag or checksum}. */
  ETAG,
  /** Large uploads are split into parts sent in parallel. */
  MULTIPART_UPLOAD,
  /**
   * Content type, {@code Cache-Control}, {@code Content-Disposition}, {@code Content-Encoding} and user
   * metadata are stored with each file and returned by {@link Storage#get} [§17]. Without it, write
   * options that set any of them throw {@link UnsupportedOperationException}.
   */
  METADATA,
  /**
   * Writes and reads take a {@link Precondition} that the backend checks atomically: create-only and
   * compare-and-swap on the ETag [§18].
   */
  CONDITIONAL_WRITE,
  /** {@link Storage#presignGet} and {@link Storage#presignPut}: URLs usable without credentials [§21]. */
  PRESIGN
}

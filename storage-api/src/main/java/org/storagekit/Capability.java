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
  MULTIPART_UPLOAD
}

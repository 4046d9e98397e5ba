package org.storagekit.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * HeadObject with the full-object checksums the server keeps ({@code x-amz-checksum-mode: ENABLED}).
 * A server that does not know that header and answers 501 Not Implemented (S3Proxy by default,
 * older S3-compatible servers) is asked once more without it, and from then on never with it: the
 * first such HEAD of a storage costs two requests, every later one one.
 */
final class S3Heads {
  private static final Logger LOG = LoggerFactory.getLogger(S3Heads.class);

  private final S3Client s3;
  private final String bucket;
  private volatile boolean withoutChecksumMode;

  S3Heads(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  HeadObjectResponse head(String key) {
    if (!withoutChecksumMode) {
      try {
        return s3.headObject(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
      } catch (S3Exception e) {
        if (!S3Errors.notImplemented(e)) {
          throw e;
        }
        withoutChecksumMode = true;
        LOG.debug("bucket {}: the server does not implement x-amz-checksum-mode (HTTP 501); "
            + "HEAD requests go without it, and carry no typed checksums", bucket);
      }
    }
    return s3.headObject(r -> r.bucket(bucket).key(key));
  }
}

package org.storagekit;

enum NoProgress implements ProgressListener {
  INSTANCE;

  @Override
  public void onProgress(long transferred, long total, String name) {}
}

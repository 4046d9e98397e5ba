package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void get_makesTheValueOnce_evenUnderConcurrentUse() throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    Lazy<String> lazy = new Lazy<>(() -> "v" + made.incrementAndGet());
    assertThat(lazy.ifMade()).as("nothing is made before the first use").isEmpty();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        lazy.get();
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(made).hasValue(1);
    assertThat(lazy.get()).isEqualTo("v1");
    assertThat(lazy.ifMade()).contains("v1");
  }

  @Test
  void get_afterAFailedStep_triesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = new Lazy<>(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("not yet");
      }
      return "ready";
    });
    assertThatThrownBy(lazy::get).hasMessage("not yet");
    assertThat(lazy.ifMade()).isEmpty();
    assertThat(lazy.get()).isEqualTo("ready");
    assertThat(calls).hasValue(2);
  }

  @Test
  void get_aStepThatMakesNull_fails() {
    Lazy<String> lazy = new Lazy<>(() -> null);
    assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class);
    assertThat(lazy.ifMade()).isEmpty();
  }
}

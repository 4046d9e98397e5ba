package org.storagekit.tck.faults;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/** Chooses the fault of each connection. */
@FunctionalInterface
public interface Schedule {
  /**
   * The fault for the {@code connection}-th connection (from 1), drawing any randomness from
   * {@code random}, the proxy's seeded generator; called in accept order on one thread.
   */
  Fault next(int connection, Random random);

  /** Every connection forwarded unchanged. */
  static Schedule none() {
    return (n, r) -> Fault.pass();
  }

  /** {@code fault} on the listed connections (from 1), the others forwarded unchanged. */
  static Schedule on(Fault fault, int... connections) {
    Objects.requireNonNull(fault, "fault");
    int[] sorted = connections.clone();
    Arrays.sort(sorted);
    return (n, r) -> Arrays.binarySearch(sorted, n) >= 0 ? fault : Fault.pass();
  }

  /** Each connection faulted with {@code probability}, by one of {@code choices} picked at random. */
  static Schedule random(double probability, List<Fault> choices) {
    if (probability < 0 || probability > 1 || choices.isEmpty()) {
      throw new IllegalArgumentException("need a probability in [0, 1] and at least one fault");
    }
    List<Fault> copy = List.copyOf(choices);
    return (n, r) -> r.nextDouble() < probability ? copy.get(r.nextInt(copy.size())) : Fault.pass();
  }
}

package io.recoverly.cases;

import java.util.Arrays;
import java.util.Optional;

/** Days-past-due aging buckets (DESIGN §7). */
public enum DpdBucket {
  CURRENT("0", 0, 0),
  DPD_1_30("1-30", 1, 30),
  DPD_31_60("31-60", 31, 60),
  DPD_61_90("61-90", 61, 90),
  DPD_90_PLUS("90+", 91, Integer.MAX_VALUE);

  private final String label;
  private final int min;
  private final int max;

  DpdBucket(String label, int min, int max) {
    this.label = label;
    this.min = min;
    this.max = max;
  }

  public String label() {
    return label;
  }

  int min() {
    return min;
  }

  int max() {
    return max;
  }

  public static DpdBucket of(int dpd) {
    return Arrays.stream(values()).filter(b -> dpd >= b.min && dpd <= b.max).findFirst().orElse(CURRENT);
  }

  static Optional<DpdBucket> parse(String label) {
    return Arrays.stream(values()).filter(b -> b.label.equals(label.trim())).findFirst();
  }
}

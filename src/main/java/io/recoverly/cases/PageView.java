package io.recoverly.cases;

import java.util.List;

/** One page of a list. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

  static <T> PageView<T> of(List<T> items, int page, int size, long total) {
    return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
  }
}

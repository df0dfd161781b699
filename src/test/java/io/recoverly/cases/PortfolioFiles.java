package io.recoverly.cases;

import java.util.ArrayList;
import java.util.List;

/** Builds portfolio files for tests; every test uses its own account-ref prefix and product code. */
final class PortfolioFiles {

  static final String HEADER =
      "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,dpd";

  private PortfolioFiles() {}

  static String csvRow(String ref, String product, int dpd, String balance) {
    return String.join(",", ref, "Jane Doe", "+14155550123", "jane.doe@example.com",
        "\"1 Main St, Springfield, IL\"", "America/Chicago", "US", product, "1000.00", balance, "USD",
        Integer.toString(dpd));
  }

  static String csv(String prefix, String product, int count) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (int i = 1; i <= count; i++) {
      lines.add(csvRow(prefix + "-" + i, product, 10 + i, "500.00"));
    }
    return String.join("\n", lines) + "\n";
  }
}

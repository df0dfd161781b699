package io.recoverly.cases;

import java.util.ArrayList;
import java.util.List;

/** Builds portfolio files for tests; every test uses its own account-ref prefix and product code. */
final class PortfolioFiles {

  static final String HEADER =
      "accountRef,debtorName,phone,email,address,timezone,jurisdiction,product,principal,balance,currency,dpd";

  private PortfolioFiles() {}

  /** Uploads a file as a multipart part 'file' to the import endpoint, with a query string (empty: none). */
  static org.springframework.http.ResponseEntity<String> upload(
      org.springframework.boot.test.web.client.TestRestTemplate http, String filename, String content, String query) {
    var parts = new org.springframework.util.LinkedMultiValueMap<String, Object>();
    parts.add("file", new org.springframework.core.io.ByteArrayResource(content.getBytes()) {
      @Override
      public String getFilename() {
        return filename;
      }
    });
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.MULTIPART_FORM_DATA);
    return http.postForEntity("/api/portfolios/import" + (query.isEmpty() ? "" : "?" + query),
        new org.springframework.http.HttpEntity<>(parts, headers), String.class);
  }

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

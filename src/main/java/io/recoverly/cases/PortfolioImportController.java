package io.recoverly.cases;

import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/portfolios")
@Tag(name = "Portfolio intake", description = "Import delinquent accounts; one case opens per new account")
class PortfolioImportController {

  private final PortfolioImporter importer;

  static final String AS_OF = "The day the file's figures were extracted (YYYY-MM-DD, up to 60 days back; default"
      + " today): its dpd counts the days past due on that day, its due dates must lie before it, and the case's DPD"
      + " moves on from there";

  PortfolioImportController(PortfolioImporter importer) {
    this.importer = importer;
  }

  @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Import a CSV or JSON file of delinquent accounts (multipart part 'file')",
      description =
          "Columns/fields: accountRef, debtorName, phone, email, address, timezone, jurisdiction (US|IN), product,"
              + " principal, balance, currency, dueDate (YYYY-MM-DD) or dpd, riskScore (optional 0-1000)."
              + " The format follows the file name (.csv/.json) or the part's content type.")
  ImportResult importMultipart(@RequestParam("file") List<MultipartFile> files,
      @io.swagger.v3.oas.annotations.Parameter(description = AS_OF) @RequestParam(required = false)
      @org.springframework.format.annotation.DateTimeFormat(iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
      java.time.LocalDate asOf) throws IOException {
    if (files.size() != 1) {
      // one upload, one file: a second one was silently ignored before
      throw badRequest("send one file per upload (part 'file'), not " + files.size());
    }
    MultipartFile file = files.getFirst();
    if (file.isEmpty()) {
      throw badRequest("the uploaded file is empty");
    }
    ImportFormat format = formatOf(file.getOriginalFilename(), file.getContentType());
    try (InputStream in = file.getInputStream()) {
      return importer.importFile(format, in, "upload:" + file.getOriginalFilename(), asOf);
    }
  }

  @PostMapping(path = "/import", consumes = {"text/csv", MediaType.APPLICATION_JSON_VALUE})
  @Operation(summary = "Import a CSV (text/csv) or JSON (application/json) request body of delinquent accounts")
  ImportResult importBody(HttpServletRequest request,
      @io.swagger.v3.oas.annotations.Parameter(description = AS_OF) @RequestParam(required = false)
      @org.springframework.format.annotation.DateTimeFormat(iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
      java.time.LocalDate asOf) throws IOException {
    ImportFormat format = formatOf(null, request.getContentType());
    try (InputStream in = request.getInputStream()) {
      return importer.importFile(format, in, "api:" + format.name().toLowerCase(Locale.ROOT), asOf);
    }
  }

  private static ImportFormat formatOf(String filename, String contentType) {
    String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || type.startsWith("text/csv") || type.contains("ms-excel")) {
      return ImportFormat.CSV;
    }
    if (name.endsWith(".json") || type.startsWith("application/json")) {
      return ImportFormat.JSON;
    }
    throw Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported portfolio format",
            "cannot tell the file format of '" + filename + "' (" + contentType + "): send a .csv or .json file")
        .exception();
  }

  private static ErrorResponseException badRequest(String detail) {
    return Problems.of(HttpStatus.BAD_REQUEST, "Malformed portfolio file", detail).exception();
  }
}

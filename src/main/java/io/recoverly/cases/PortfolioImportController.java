package io.recoverly.cases;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/portfolios")
@Tag(name = "Portfolio intake", description = "Lender files: placements open cases, updates and recalls change them;"
    + " saved column mappings per lender; the import history")
class PortfolioImportController {

  private final PortfolioImporter importer;
  private final ImportMappings mappings;
  private final ImportHistory history;
  private final CurrentActor current;

  static final String AS_OF = "The day the file's figures were extracted (YYYY-MM-DD, up to 60 days back; default"
      + " today): its dpd counts the days past due on that day, its due dates must lie before it, and the case's DPD"
      + " moves on from there";
  static final String TYPE = "PLACEMENT (new accounts, the default), UPDATE (accounts we hold: accountRef and what"
      + " changed, balance and contact data; a balance of 0 closes the case as paid) or RECALL (accountRef: the"
      + " lender takes the accounts back, the cases close as RECALLED)";
  static final String MAPPING = "The name of a saved mapping (PUT /api/portfolios/mappings/{name}) the file is read"
      + " with; without one the columns are our own field names";
  static final String DRY_RUN = "true: the whole validation runs (duplicates and unknown accounts included) and the"
      + " result is returned, but nothing is kept";
  static final String UPLOAD_ID = "A UUID the client makes up to follow the import's progress at"
      + " GET /api/portfolios/imports/progress/{uploadId}";

  PortfolioImportController(PortfolioImporter importer, ImportMappings mappings, ImportHistory history,
      CurrentActor current) {
    this.importer = importer;
    this.mappings = mappings;
    this.history = history;
    this.current = current;
  }

  @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Import a CSV or JSON file of a lender (multipart part 'file')",
      description =
          "Our columns/fields: accountRef, debtorName, phone, email, address, timezone, jurisdiction, product,"
              + " principal, balance, currency, dueDate, dpd, riskScore, creditor, dateOfBirth (jurisdiction US|IN, dueDate YYYY-MM-DD or dpd, riskScore"
              + " 0-1000, dateOfBirth and creditor optional). A lender's own columns are read with a saved mapping."
              + " The format follows the file name (.csv/.json) or the part's content type.")
  ImportResult importMultipart(@RequestParam("file") List<MultipartFile> files,
      @Parameter(description = AS_OF) @RequestParam(required = false)
      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
      @Parameter(description = TYPE) @RequestParam(required = false) String type,
      @Parameter(description = MAPPING) @RequestParam(required = false) String mapping,
      @Parameter(description = DRY_RUN) @RequestParam(required = false) String dryRun,
      @Parameter(description = UPLOAD_ID) @RequestParam(required = false) UUID uploadId) throws IOException {
    if (files.size() != 1) {
      // one upload, one file: a second one was silently ignored before
      throw badRequest("send one file per upload (part 'file'), not " + files.size());
    }
    MultipartFile file = files.getFirst();
    if (file.isEmpty()) {
      throw badRequest("the uploaded file is empty");
    }
    ImportFormat format = formatOf(file.getOriginalFilename(), file.getContentType());
    PortfolioImporter.Request request = request(type, mapping, asOf, dryRun, uploadId);
    try (InputStream in = file.getInputStream()) {
      return importer.importFile(format, in, "upload:" + file.getOriginalFilename(), request);
    }
  }

  @PostMapping(path = "/import", consumes = {"text/csv", MediaType.APPLICATION_JSON_VALUE})
  @Operation(summary = "Import a CSV (text/csv) or JSON (application/json) request body of a lender's file")
  ImportResult importBody(HttpServletRequest servletRequest,
      @Parameter(description = AS_OF) @RequestParam(required = false)
      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
      @Parameter(description = TYPE) @RequestParam(required = false) String type,
      @Parameter(description = MAPPING) @RequestParam(required = false) String mapping,
      @Parameter(description = DRY_RUN) @RequestParam(required = false) String dryRun,
      @Parameter(description = UPLOAD_ID) @RequestParam(required = false) UUID uploadId) throws IOException {
    ImportFormat format = formatOf(null, servletRequest.getContentType());
    PortfolioImporter.Request request = request(type, mapping, asOf, dryRun, uploadId);
    try (InputStream in = servletRequest.getInputStream()) {
      return importer.importFile(format, in, "api:" + format.name().toLowerCase(Locale.ROOT), request);
    }
  }

  private PortfolioImporter.Request request(String type, String mapping, LocalDate asOf, String dryRun,
      UUID uploadId) {
    // true or false, nothing else: "dryRun=" (or "yes") must not run a real import by being read as absent
    if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid import", "dryRun is true or false").field("dryRun")
          .exception();
    }
    ImportType kind = ImportType.PLACEMENT;
    if (type != null) {
      try {
        kind = ImportType.valueOf(type.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid import", "type must be PLACEMENT, UPDATE or RECALL")
            .field("type").exception();
      }
    }
    ImportMapping saved = mapping == null || mapping.isBlank() ? null : mappings.require(mapping.strip());
    if (uploadId != null && history.uploadTakenByAnother(uploadId, current.find().map(a -> a.username()).orElse(null))) {
      throw Problems.of(HttpStatus.CONFLICT, "Upload id in use", "another user's import reports its progress under"
          + " this upload id: make up a new one").field("uploadId").exception();
    }
    return new PortfolioImporter.Request(kind, saved, asOf, "true".equals(dryRun), uploadId);
  }

  // ---- mappings ---------------------------------------------------------------------------------------------------

  /** A mapping as sent: see {@link ImportMapping}. */
  record MappingBody(Map<String, String> columns, String dateFormat, Map<String, String> defaults,
      String extraColumns) {}

  /** A saved mapping. */
  record MappingView(String name, Map<String, String> columns, String dateFormat, Map<String, String> defaults,
      String extraColumns, java.time.Instant updatedAt, String updatedBy) {

    static MappingView of(ImportMappings.Saved saved) {
      ImportMapping m = saved.mapping();
      return new MappingView(m.name(), m.columns(), m.dateFormat(), m.defaults(), m.extraColumns(), saved.updatedAt(),
          saved.updatedBy());
    }
  }

  @PutMapping("/mappings/{name}")
  @Operation(summary = "Save a lender's column mapping under a name (creates or replaces it)",
      description = "columns: the file's column name to our field (accountRef, debtorName, ...); dateFormat: a pattern"
          + " such as dd/MM/yyyy (default ISO YYYY-MM-DD); defaults: values for empty fields (jurisdiction, currency,"
          + " creditor, timezone, product); extraColumns: KEEP (the file's other columns are stored with the account)"
          + " or IGNORE (listed in the result, not stored)")
  MappingView saveMapping(@PathVariable String name, @RequestBody MappingBody body) {
    if (body == null) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid mapping", "send the mapping as JSON").exception();
    }
    ImportMapping mapping = ImportMapping.validated(name, body.columns(), body.dateFormat(), body.defaults(),
        body.extraColumns());
    return MappingView.of(mappings.save(mapping, current.find().map(a -> a.username()).orElse(null)));
  }

  @GetMapping("/mappings")
  @Operation(summary = "The saved mappings")
  List<MappingView> mappings() {
    return mappings.all().stream().map(MappingView::of).toList();
  }

  @GetMapping("/mappings/{name}")
  @Operation(summary = "One saved mapping")
  MappingView mapping(@PathVariable String name) {
    return mappings.find(name).map(MappingView::of).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND,
        "Unknown mapping", "no mapping is saved as '" + io.recoverly.web.InputHygiene.printable(name) + "'")
        .exception());
  }

  @DeleteMapping("/mappings/{name}")
  @Operation(summary = "Delete a saved mapping (imports made with it keep its name in the history)")
  ResponseEntity<Void> deleteMapping(@PathVariable String name) {
    if (!mappings.delete(name)) {
      throw Problems.of(HttpStatus.NOT_FOUND, "Unknown mapping", "no mapping is saved as '"
          + io.recoverly.web.InputHygiene.printable(name) + "'").exception();
    }
    return ResponseEntity.noContent().build();
  }

  record HeaderBody(List<String> header) {}

  /** Our field each column most likely carries, and our fields no column was matched to. */
  record Suggestion(Map<String, String> columns, List<String> unmatchedColumns, List<String> fieldsWithoutColumn) {}

  @PostMapping("/mappings/suggest")
  @Operation(summary = "Suggest a mapping from a file's header: the field each column name most likely carries")
  Suggestion suggest(@RequestBody HeaderBody body) {
    if (body == null || body.header() == null || body.header().isEmpty() || body.header().size() > 200
        || body.header().stream().anyMatch(h -> h == null || h.length() > 200)) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid header", "send the file's column names: {\"header\":"
          + " [\"Acct No\", ...]}, 1-200 names of at most 200 characters").field("header").exception();
    }
    Map<String, String> columns = ImportMapping.suggest(body.header());
    List<String> unmatched = body.header().stream().filter(h -> !columns.containsKey(h)).toList();
    List<String> without = ImportFields.ALL.stream().filter(f -> !columns.containsValue(f)).toList();
    return new Suggestion(columns, unmatched, without);
  }

  // ---- history ----------------------------------------------------------------------------------------------------

  @GetMapping("/imports")
  @Operation(summary = "The imports received, newest first: who, when, which file, what they did")
  List<ImportHistory.Entry> imports(@RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > 500) {
      throw Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", "limit is 1-500").field("limit").exception();
    }
    return history.recent(limit);
  }

  @GetMapping(path = "/imports/{id}/errors.csv", produces = "text/csv")
  @Operation(summary = "An import's row errors as CSV (row, field, message)")
  ResponseEntity<String> errors(@PathVariable UUID id) {
    var errors = history.errors(id).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "Unknown import",
        "no import " + id).exception());
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-" + id + "-errors.csv\"")
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .body(ImportHistory.csv(errors));
  }

  @GetMapping("/imports/progress/{uploadId}")
  @Operation(summary = "The progress of an import in flight that you started (rows read, imported, rejected)")
  ImportHistory.Progress progress(@PathVariable UUID uploadId) {
    return history.progress(uploadId, current.find().map(a -> a.username()).orElse(null))
        .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "Unknown upload",
            "no import of yours with upload id " + uploadId + " has reported progress yet").exception());
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

package io.recoverly.documents;

import io.recoverly.cases.Cases;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Documents", description = "The letters of a case as PDF documents")
class DocumentController {

  private final CaseDocuments documents;
  private final Cases cases;

  DocumentController(CaseDocuments documents, Cases cases) {
    this.documents = documents;
    this.cases = cases;
  }

  @GetMapping("/api/cases/{id}/documents")
  @Operation(summary = "The case's documents (letters, the validation notice), newest first, without their content")
  List<CaseDocuments.DocumentInfo> list(@PathVariable UUID id) {
    cases.get(id); // 404 for a case that does not exist, not an empty list
    return documents.of(id);
  }

  @GetMapping("/api/cases/{id}/documents/{docId}")
  @Operation(summary = "One document as application/pdf; each opening is audited")
  ResponseEntity<byte[]> open(@PathVariable UUID id, @PathVariable UUID docId,
      jakarta.servlet.http.HttpServletRequest request) {
    cases.get(id);
    // a HEAD reads no content: it is not an opening to audit
    CaseDocuments.Document doc = documents.open(id, docId, !"HEAD".equals(request.getMethod()));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
            .filename(doc.kind() + "-" + doc.id() + ".pdf").build().toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(doc.pdf());
  }
}

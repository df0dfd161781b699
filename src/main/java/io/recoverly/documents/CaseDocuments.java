package io.recoverly.documents;

import io.recoverly.compliance.AuditTrail;
import io.recoverly.web.Problems;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The documents of a case: each letter as the PDF that was handed to the letter house, and the validation notice an
 * e-mail carried as its attachment. Made once per outbox message (handed over twice after a crash, it is one
 * document, byte for byte the same one); listed without their content; every opening is audited
 * ({@code DOCUMENT_OPENED}: who, which document).
 */
@Service
public class CaseDocuments {

  private final JdbcClient jdbc;
  private final LetterRenderer renderer;
  private final AuditTrail audit;
  private final Clock clock;
  private final String collector;
  private final String collectorAddress;

  CaseDocuments(JdbcClient jdbc, LetterRenderer renderer, AuditTrail audit, Clock clock,
      @Value("${recoverly.collector.name:Recoverly}") String collector,
      @Value("${recoverly.collector.address:PO Box 1000, Springfield, IL 62701}") String collectorAddress) {
    this.jdbc = jdbc;
    this.renderer = renderer;
    this.audit = audit;
    this.clock = clock;
    this.collector = collector;
    this.collectorAddress = collectorAddress;
  }

  /** A document as the case page lists it. */
  public record DocumentInfo(UUID id, String kind, String channel, String language, Instant createdAt, int size,
      String sha256) {}

  /** A document with its content. */
  public record Document(UUID id, String kind, byte[] pdf) {}

  /**
   * What a letter is: its words as they go out, to whom, in which language and jurisdiction.
   *
   * @param sourceKey the outbox message it is made for: the same key gives the same document
   */
  public record LetterRequest(UUID caseId, String kind, String channel, String language, String jurisdiction,
      String timezone, String recipientName, String recipientAddress, String body, String sourceKey) {}

  /** The letter's PDF, made and kept on the first call for its source key, read back on every later one. */
  public Document letter(LetterRequest r) {
    var existing = bySource(r.sourceKey());
    if (existing != null) {
      return existing;
    }
    String lang = r.language() == null ? "en" : r.language();
    Locale locale = Locale.forLanguageTag(lang + "-" + (r.jurisdiction() == null ? "US" : r.jurisdiction()));
    String today = LocalDate.ofInstant(clock.instant(), ZoneId.of(r.timezone() == null ? "UTC" : r.timezone()))
        .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
    byte[] pdf = renderer.render(new LetterRenderer.Letter(lang, r.jurisdiction(), collector + ", " + collectorAddress,
        r.recipientName(), r.recipientAddress(), today, r.body()));
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            insert into case_document (id, case_id, kind, channel, language, source_key, content, sha256, created_at)
            values (:id, :case, :kind, :channel, :lang, :source, :content, :sha, :at)
            on conflict (source_key) do nothing
            """)
        .param("id", id).param("case", r.caseId()).param("kind", r.kind()).param("channel", r.channel())
        .param("lang", lang).param("source", r.sourceKey()).param("content", pdf).param("sha", sha256(pdf))
        .param("at", Timestamp.from(clock.instant())).update();
    // another node may have made it first: what is kept is what goes out
    return bySource(r.sourceKey());
  }

  /** The case's documents, newest first, without their content. */
  public List<DocumentInfo> of(UUID caseId) {
    return jdbc.sql("""
            select id, kind, channel, language, created_at, length(content) as size, sha256 from case_document
             where case_id = :id order by created_at desc, id
            """)
        .param("id", caseId)
        .query((rs, n) -> new DocumentInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getString(7)))
        .list();
  }

  /** One document's PDF for a person: audited when its content is read. 404 when the case has no such document. */
  public Document open(UUID caseId, UUID documentId, boolean audited) {
    Document doc = jdbc.sql("select id, kind, content from case_document where id = :id and case_id = :case")
        .param("id", documentId).param("case", caseId)
        .query((rs, n) -> new Document(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3))).optional()
        .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "No such document", "the case has no document "
            + documentId).exception());
    if (audited) {
      audit.record("DOCUMENT_OPENED", caseId, null, "Document opened: " + doc.kind() + " " + documentId, null,
          java.util.Map.of("documentId", documentId.toString(), "kind", doc.kind()));
    }
    return doc;
  }

  private Document bySource(String sourceKey) {
    return jdbc.sql("select id, kind, content from case_document where source_key = :key").param("key", sourceKey)
        .query((rs, n) -> new Document(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3))).optional()
        .orElse(null);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

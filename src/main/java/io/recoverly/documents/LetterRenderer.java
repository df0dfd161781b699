package io.recoverly.documents;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lays a letter out as a PDF with openhtmltopdf (on Apache PDFBox): the collector's return address, the debtor's name
 * and address where a window envelope shows them, the date, then the words. The words are the template's text with a
 * small markup: a line {@code # ...} is the heading, {@code ## ...} a section heading, {@code - ...} a bullet,
 * {@code [ ] ...} a box to tick, {@code | label | amount |} a row of a table; blank lines separate paragraphs. Every
 * piece of text is escaped (a name with {@code <} is a name, never markup). The Noto Sans fonts (Latin and Devanagari,
 * SIL Open Font License) are embedded, so a letter in Hindi prints as written; where they are missing (a build without
 * the web UI's packages), the PDF's own Helvetica is used and text outside Latin-1 is lost, which the log says once.
 */
@Component
class LetterRenderer {

  private static final Logger log = LoggerFactory.getLogger(LetterRenderer.class);
  private static final String[][] FONTS = {
      {"400Regular/NotoSans_400Regular.ttf", "Noto Sans", "400"},
      {"700Bold/NotoSans_700Bold.ttf", "Noto Sans", "700"},
      {"400Regular/NotoSansDevanagari_400Regular.ttf", "Noto Sans Devanagari", "400"},
      {"700Bold/NotoSansDevanagari_700Bold.ttf", "Noto Sans Devanagari", "700"}};

  private final List<String[]> fonts = new ArrayList<>();

  LetterRenderer() {
    // openhtmltopdf logs each font load and layout step through java.util.logging: only its warnings
    com.openhtmltopdf.util.XRLog.listRegisteredLoggers().forEach(name -> com.openhtmltopdf.util.XRLog.setLevel(name,
        java.util.logging.Level.WARNING));
    for (String[] font : FONTS) {
      if (LetterRenderer.class.getResource("/letter-fonts/" + font[0]) != null) {
        fonts.add(font);
      }
    }
    if (fonts.isEmpty()) {
      log.warn("No letter fonts on the classpath (letter-fonts/): letters use Helvetica, text outside Latin-1 is lost");
    }
  }

  /** What a letter says and to whom. */
  record Letter(String language, String jurisdiction, String returnAddress, String recipientName,
      String recipientAddress, String date, String body) {}

  byte[] render(Letter letter) {
    String html = html(letter);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      for (String[] font : fonts) {
        // embedded as a subset: the glyphs the letter uses
        builder.useFont(() -> LetterRenderer.class.getResourceAsStream("/letter-fonts/" + font[0]), font[1],
            Integer.parseInt(font[2]), com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle.NORMAL,
            true);
      }
      builder.withHtmlContent(html, null);
      builder.toStream(out);
      builder.run();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The letter as XHTML (what openhtmltopdf lays out). */
  static String html(Letter letter) {
    StringBuilder body = new StringBuilder();
    List<String> table = new ArrayList<>();
    List<String> paragraph = new ArrayList<>();
    for (String line : letter.body().split("\\R", -1)) {
      String t = line.strip();
      if (!t.startsWith("|")) {
        flushTable(table, body);
      }
      if (t.isEmpty()) {
        flushParagraph(paragraph, body);
      } else if (t.startsWith("## ")) {
        flushParagraph(paragraph, body);
        body.append("<h2>").append(escape(t.substring(3))).append("</h2>\n");
      } else if (t.startsWith("# ")) {
        flushParagraph(paragraph, body);
        body.append("<h1>").append(escape(t.substring(2))).append("</h1>\n");
      } else if (t.startsWith("- ")) {
        flushParagraph(paragraph, body);
        body.append("<p class=\"bullet\">• ").append(escape(t.substring(2))).append("</p>\n");
      } else if (t.startsWith("[ ] ")) {
        flushParagraph(paragraph, body);
        body.append("<p class=\"box\"><span class=\"tick\"></span> ").append(escape(t.substring(4))).append("</p>\n");
      } else if (t.startsWith("|")) {
        flushParagraph(paragraph, body);
        table.add(t);
      } else {
        paragraph.add(escape(t));
      }
    }
    flushTable(table, body);
    flushParagraph(paragraph, body);
    boolean us = "US".equals(letter.jurisdiction());
    return """
        <!DOCTYPE html>
        <html lang="%s"><head><meta charset="UTF-8"/><title>Letter</title><style>
        @page { size: %s; margin: 20mm 20mm 22mm 22mm; }
        body { font-family: 'Noto Sans', 'Noto Sans Devanagari', sans-serif; font-size: 10.5pt; line-height: 1.4;
               color: #111; }
        .from { font-size: 9pt; color: #333; }
        .to { margin-top: 14mm; height: 30mm; }
        .date { margin: 4mm 0 8mm 0; }
        h1 { font-size: 14pt; margin: 0 0 4mm 0; }
        h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; }
        p { margin: 0 0 3mm 0; }
        p.bullet { margin-left: 4mm; }
        p.box { margin: 0 0 1.5mm 4mm; }
        span.tick { display: inline-block; width: 3mm; height: 3mm; border: 0.6pt solid #111; margin-right: 1.5mm; }
        table { border-collapse: collapse; width: 100%%; margin: 2mm 0 4mm 0; }
        td { border-bottom: 0.5pt solid #999; padding: 1.5mm 2mm; }
        td.amount { text-align: right; white-space: nowrap; width: 35%%; }
        </style></head><body>
        <div class="from">%s</div>
        <div class="to">%s<br/>%s</div>
        <div class="date">%s</div>
        %s
        </body></html>
        """.formatted(escape(letter.language()), us ? "letter" : "A4", lines(letter.returnAddress()),
        escape(letter.recipientName()), lines(letter.recipientAddress()), escape(letter.date()), body);
  }

  private static void flushParagraph(List<String> paragraph, StringBuilder body) {
    if (!paragraph.isEmpty()) {
      body.append("<p>").append(String.join("<br/>", paragraph)).append("</p>\n");
      paragraph.clear();
    }
  }

  private static void flushTable(List<String> rows, StringBuilder body) {
    if (rows.isEmpty()) {
      return;
    }
    body.append("<table>\n");
    for (String row : rows) {
      String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
      String[] cells = inner.split("\\|", -1);
      body.append("<tr><td>").append(escape(cells[0].strip())).append("</td><td class=\"amount\">")
          .append(cells.length > 1 ? escape(cells[1].strip()) : "").append("</td></tr>\n");
    }
    body.append("</table>\n");
    rows.clear();
  }

  /** An address written on one line, its parts (between commas) on lines of their own. */
  private static String lines(String address) {
    if (address == null) {
      return "";
    }
    return String.join("<br/>", java.util.Arrays.stream(address.split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).map(LetterRenderer::escape).toList());
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // XML 1.0 cannot hold other control characters: they are dropped, never passed to the parser
          if (c >= 0x20 || c == '\t') {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}

package io.recoverly.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** A letter laid out as a PDF: its words and markup, escaped, in the debtor's script. */
class LetterRendererTest {

  private final LetterRenderer renderer = new LetterRenderer();

  @Test
  void theMarkupBecomesHeadingsTablesAndBoxesAndNothingTheDebtorWroteIsMarkup() throws Exception {
    String body = String.join("\n", "# Notice", "", "Dear <script>alert(1)</script> & co,", "",
        "| As of Oct 1, 2026, you owed: | $600.00 |", "| Total amount of the debt now: | $640.00 |", "",
        "## How do you want to respond?", "[ ] This is not my debt.", "- Call us.");
    String html = LetterRenderer.html(new LetterRenderer.Letter("en", "US", "Recoverly, PO Box 1", "A\u0000na <b>",
        "12 Elm St, Springfield", "December 4, 2026", body));
    assertThat(html).contains("<h1>Notice</h1>").contains("<h2>How do you want to respond?</h2>")
        .contains("<td class=\"amount\">$640.00</td>").contains("&lt;script&gt;").doesNotContain("<script>")
        .contains("Ana &lt;b&gt;").doesNotContain("\u0000").contains("12 Elm St<br/>Springfield");
    byte[] pdf = renderer.render(new LetterRenderer.Letter("en", "US", "Recoverly, PO Box 1", "Ana Ruiz",
        "12 Elm St, Springfield", "December 4, 2026", body));
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    String text = text(pdf);
    assertThat(text).contains("Notice").contains("As of Oct 1, 2026, you owed:").contains("$640.00")
        .contains("This is not my debt.").contains("Ana Ruiz");
  }

  @Test
  void aHindiLetterKeepsItsScriptAndTheRupee() throws Exception {
    byte[] pdf = renderer.render(new LetterRenderer.Letter("hi", "IN", "Recoverly, Mumbai", "मीरा अय्यर",
        "4 MG Road, Bengaluru", "4 दिसंबर 2026", "प्रिय मीरा जी,\n\nआपके खाते पर ₹1,23,456.00 बकाया है।"));
    String text = text(pdf);
    assertThat(text).contains("₹1,23,456.00").contains("मीरा");
  }

  private static String text(byte[] pdf) throws Exception {
    try (var doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }
}

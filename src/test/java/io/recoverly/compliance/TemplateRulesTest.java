package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a message template must and must not carry (plain JUnit: the rules alone). */
class TemplateRulesTest {

  private static final String GOOD_US_SMS =
      "{debtCollectorDisclosure} {debtorName}, your {creditor} account {accountRef} has {balance} past due. {optOut}";

  @Test
  void aUsTemplateNeedsTheDebtCollectorDisclosureAndAnElectronicOneAnOptOut() {
    assertThat(TemplateRules.problems("SMS", "US", null, GOOD_US_SMS)).isEmpty();
    assertThat(TemplateRules.problems("SMS", "US", null, GOOD_US_SMS.replace("{debtCollectorDisclosure} ", "")))
        .singleElement().asString().contains("debt collector").contains("1006.18(e)");
    assertThat(TemplateRules.problems("SMS", "US", null, GOOD_US_SMS.replace(" {optOut}", "")))
        .singleElement().asString().contains("opt out").contains("1006.6(e)");
    assertThat(TemplateRules.problems("EMAIL", "US", "Your account", GOOD_US_SMS.replace(" {optOut}", "")))
        .singleElement().asString().contains("opt out");
    // a letter needs no opt-out; India asks for no disclosure; every message names the creditor
    assertThat(TemplateRules.problems("LETTER", "US", "{collectorAddress}", GOOD_US_SMS.replace(" {optOut}", "")))
        .isEmpty();
    assertThat(TemplateRules.problems("SMS", "IN", null, "{debtorName}, {creditor} {balance} {optOut}")).isEmpty();
    assertThat(TemplateRules.problems("SMS", "IN", null, "{debtorName}, {balance} {optOut}"))
        .singleElement().asString().contains("{creditor}");
  }

  @Test
  void anEnvelopeShowsOnlyTheCollectorsAddressAndAnEmailHasASubject() {
    String body = "{debtCollectorDisclosure} {creditor} {balance}";
    assertThat(TemplateRules.problems("LETTER", "US", "Final demand from {creditor}", body))
        .singleElement().asString().contains("envelope").contains("1006.22(f)(2)");
    assertThat(TemplateRules.problems("LETTER", "US", " {collectorAddress} ", body)).isEmpty();
    assertThat(TemplateRules.problems("EMAIL", "US", "", body + " {optOut}")).singleElement().asString()
        .contains("subject");
  }

  @Test
  void aVoicemailIsALimitedContentMessage() {
    assertThat(TemplateRules.problems("VOICEMAIL", "US", null,
        "Hello, this is {collector} for {debtorName}. Please call us back at {collectorPhone}.")).isEmpty();
    assertThat(TemplateRules.problems("VOICEMAIL", "US", null,
        "This is {collector} about your {creditor} balance of {balance}. Call {collectorPhone}."))
        .hasSize(2).allSatisfy(p -> assertThat(p).contains("1006.2(j)"));
    assertThat(TemplateRules.problems("VOICEMAIL", "US", null, "We are collecting a debt. Call {collectorPhone}."))
        .singleElement().asString().contains("what the call is about");
    assertThat(TemplateRules.problems("VOICEMAIL", "IN", null, "{debtorName} जी, बकाया राशि। {collectorPhone}"))
        .singleElement().asString().contains("what the call is about");
    assertThat(TemplateRules.problems("VOICEMAIL", "US", null, "Please call us back."))
        .singleElement().asString().contains("{collectorPhone}");
  }

  @Test
  void aUsValidationNoticeCarriesModelFormB1AndGoesByLetterOrEmailOnly() {
    String notice = "{debtCollectorDisclosure} {creditor} {accountRef} {itemizationDate} {itemization}"
        + " {validationEndDate} {disputeForm} {spanishOffer}";
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "en", "{collectorAddress}", notice))
        .isEmpty();
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "en", "{collectorAddress}",
        notice.replace(" {itemization}", ""))).singleElement().asString().contains("itemization of the debt")
        .contains("1006.34(c)(2)");
    // the seeded notice names the date only in its table: that is enough
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "en", "{collectorAddress}",
        notice.replace(" {itemizationDate}", ""))).isEmpty();
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "en", "{collectorAddress}",
        notice.replace(" {spanishOffer}", ""))).singleElement().asString().contains("Spanish");
    // the Spanish notice needs no offer of itself in Spanish
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "es", "{collectorAddress}",
        notice.replace(" {spanishOffer}", ""))).isEmpty();
    assertThat(TemplateRules.problems("validation-notice", "SMS", "US", "en", null, notice + " {optOut}"))
        .singleElement().asString().contains("letter or e-mail");
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "US", "en", "{collectorAddress}",
        "{debtCollectorDisclosure} {creditor}")).hasSize(4);
    // India has no validation notice rule; a voicemail may not carry the notice's parts
    assertThat(TemplateRules.problems("validation-notice", "LETTER", "IN", "en", null, "{creditor}")).isEmpty();
    assertThat(TemplateRules.problems("VOICEMAIL", "US", null, "{collector} {collectorPhone} {itemization}"))
        .singleElement().asString().contains("{itemization}");
  }

  @Test
  void onlyKnownPlaceholders() {
    assertThat(TemplateRules.problems("LETTER", "IN", null, "{creditor} {ssn}")).singleElement().asString()
        .contains("{ssn} is not a placeholder");
  }
}

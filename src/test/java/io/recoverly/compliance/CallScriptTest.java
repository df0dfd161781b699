package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recoverly.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Call scripts are data: seeded per jurisdiction, found with a fallback, edited without a release. */
class CallScriptTest extends ApiTestSupport {

  private ResponseEntity<String> put(String path, String body) {
    return put("compliance", path, body);
  }

  private ResponseEntity<String> put(String user, String path, String body) {
    return api.as(user).put(path, body);
  }


  @Test
  void scriptsArePerJurisdictionWithAFallbackAndEditable() {
    JsonNode us = api.get("/api/scripts?stage=CONTACT&jurisdiction=US");
    assertThat(us.path("opening").asText()).contains("This is an attempt to collect a debt");
    // the right party is confirmed before the debt is named (no disclosure to a third party who answers)
    String opening = us.path("opening").asText();
    assertThat(opening.indexOf("date of birth")).isPositive().isLessThan(opening.indexOf("attempt to collect a debt"));
    assertThat(opening.indexOf("date of birth")).isLessThan(opening.indexOf("{accountRef}"));
    String india = api.get("/api/scripts?stage=CONTACT&jurisdiction=IN").path("opening").asText();
    assertThat(india.indexOf("date of birth")).isPositive().isLessThan(india.indexOf("{accountRef}"));
    assertThat(us.path("objections").findValuesAsText("objection")).contains("I don't owe this.");
    assertThat(api.get("/api/scripts?stage=CONTACT&jurisdiction=IN").path("opening").asText()).contains("recovery agent");
    // no US-specific negotiation script: the one for any jurisdiction
    assertThat(api.get("/api/scripts?stage=NEGOTIATION&jurisdiction=US").path("jurisdiction").asText()).isEqualTo("*");
    assertThat(http.getForEntity("/api/scripts?stage=LEGAL&jurisdiction=US", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    JsonNode saved = api.body(put("/api/scripts/LEGAL/*", """
        {"title": "Before legal", "opening": "We are about to refer account {accountRef} to our lawyers.",
         "objections": [{"objection": "Give me a week.", "response": "I can note a promise for this week."}]}"""), HttpStatus.OK);
    assertThat(saved.path("updatedBy").asText()).isEqualTo("compliance"); // the signed-in user, not a body field
    // scripts are the compliance role's: an agent reads them but may not change them
    assertThat(put("agent", "/api/scripts/LEGAL/*", "{\"title\":\"x\",\"opening\":\"y\"}").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.get("/api/scripts?stage=LEGAL&jurisdiction=US").path("title").asText()).isEqualTo("Before legal");

    assertThat(put("/api/scripts/LEGAL/FR", "{\"title\":\"x\",\"opening\":\"y\"}").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    var noOpening = put("/api/scripts/LEGAL/*", "{\"title\":\"x\",\"opening\":\" \"}");
    assertThat(noOpening.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api.read(noOpening.getBody()).path("field").asText()).isEqualTo("opening");
    assertThat(api.get("/api/scripts?stage=LEGAL&jurisdiction=US").path("title").asText()).isEqualTo("Before legal");
  }
}

package io.recoverly.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A form's text templates name the process variables it shows: those, and only those, are kept with the task. */
class FormTemplateDataTest {

  @Test
  void keepsOnlyTheVariablesTheTemplatesName() throws Exception {
    String text = "Offer {{settlementAmount}} {{currency}}; {{settlementApproval.limit}};"
        + " {{if currentBalance > 0 then decimal(settlementAmount / currentBalance, 2) else 0}}";
    var form = new ObjectMapper().createObjectNode();
    var components = form.putArray("components");
    components.addObject().put("type", "text").put("text", text);
    components.addObject().put("type", "radio").put("key", "settlementDecision")
        .put("label", "Decision {{notAVariable.x}}");
    Map<String, Object> variables = Map.of("settlementAmount", 350, "currency", "USD", "currentBalance", 1000,
        "settlementApproval", Map.of("limit", "supervisor limit: 40 %"), "caseId", "c-1", "callNotes", "private",
        "limit", "not a top-level name in the form");

    Map<String, Object> data = FormTemplateData.of(form, variables);

    assertThat(data).containsOnlyKeys("settlementAmount", "currency", "currentBalance", "settlementApproval");
    assertThat(FormTemplateData.of(new ObjectMapper().readTree("{\"components\": []}"), variables)).isEmpty();
  }
}

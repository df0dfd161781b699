package io.recoverly.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a form shows besides its fields: the process variables its text templates name ({@code {{settlementAmount}}},
 * {@code {{settlementApproval.limit}}}), taken from the job when the task is created and kept with the task. Only the
 * variables a form names are kept, so a form shows what its designer chose and nothing else of the process.
 */
final class FormTemplateData {

  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FormTemplateData() {}

  /** The variables named in the form's text templates that the job carries. */
  static Map<String, Object> of(JsonNode form, Map<String, Object> variables) {
    Set<String> names = new TreeSet<>();
    collect(form, names);
    Map<String, Object> data = new TreeMap<>();
    names.forEach(name -> {
      if (variables.containsKey(name)) {
        data.put(name, variables.get(name));
      }
    });
    return data;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher template = TEMPLATE.matcher(node.asText());
      while (template.find()) {
        Matcher name = NAME.matcher(template.group(1));
        while (name.find()) {
          // the first segment of a path only (settlementApproval of settlementApproval.limit)
          int start = name.start();
          if (start == 0 || template.group(1).charAt(start - 1) != '.') {
            names.add(name.group());
          }
        }
      }
    } else {
      node.forEach(child -> collect(child, names));
    }
  }
}

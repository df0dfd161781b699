package io.recoverly.compliance;

import io.recoverly.security.CurrentActor;
import io.recoverly.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/scripts")
@Tag(name = "Compliance")
class CallScriptController {

  private final CallScripts scripts;
  private final CurrentActor current;

  CallScriptController(CallScripts scripts, CurrentActor current) {
    this.scripts = scripts;
    this.current = current;
  }

  record ScriptRequest(String title, String opening, List<CallScripts.Objection> objections) {}

  @GetMapping
  @Operation(summary = "All call scripts, or the one for a stage and jurisdiction (falls back to the stage's '*' script)")
  Object scripts(@RequestParam(required = false) String stage, @RequestParam(required = false) String jurisdiction) {
    if (stage == null) {
      return scripts.all();
    }
    return scripts.find(stage, jurisdiction == null ? "*" : jurisdiction)
        .orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND, "No call script",
            "no script for stage " + stage + " and jurisdiction " + jurisdiction).exception());
  }

  @PutMapping("/{stage}/{jurisdiction}")
  @Operation(summary = "Compliance: create or replace the script of a stage and jurisdiction (* = any)")
  CallScripts.Script save(@PathVariable String stage, @PathVariable String jurisdiction,
      @RequestBody ScriptRequest request) {
    return scripts.save(stage, jurisdiction, request.title(), request.opening(), request.objections(),
        current.get().username());
  }
}

package io.recoverly.cases;

import java.util.Map;
import java.util.UUID;

/**
 * What a capability knows of a case that lets its process resume at a stage after the engine lost the instance (the
 * launcher starts a new one before that stage, {@code CaseProcessLauncher}): for negotiation, what was agreed (an
 * open promise) as the variables the stage's gateway reads. Empty when it knows nothing it can rebuild; the launcher
 * then resumes the case at contact.
 */
public interface StageResume {

  Map<String, Object> variables(UUID caseId, CaseStage stage);
}

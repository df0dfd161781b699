package io.recoverly.cases;

import java.util.List;
import java.util.UUID;

/** Published (synchronously, in the import's transaction) for each batch of cases an import opens. */
public record CasesOpened(UUID importId, List<UUID> caseIds) {}

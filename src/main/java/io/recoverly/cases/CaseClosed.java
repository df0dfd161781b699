package io.recoverly.cases;

import java.util.UUID;

/** Published in the closing transaction when a case closes. */
public record CaseClosed(UUID caseId, String outcome) {}

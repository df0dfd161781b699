package io.recoverly.cases;

public enum CaseStatus {
  OPEN,
  CLOSED
}

/**
 * Collection cases: portfolio intake (CSV/JSON import), the case record and its timeline, the case read API, and the
 * bridge between a case row and its process instance (launching, re-opening after an engine restart, stage and
 * closure workers).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Cases")
package io.recoverly.cases;

/** Legal escalation: placement of a case with legal after a supervisor's approval, recorded with its documents. */
@org.springframework.modulith.ApplicationModule(displayName = "Legal")
package io.recoverly.legal;

/**
 * Complaints and grievances: a debtor's complaint raised on a case opens a task for compliance (queue
 * {@code complaints}) due within the jurisdiction's time limit, escalated to the grievance officer when it passes;
 * complaint KPIs for managers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Complaints")
package io.recoverly.complaints;

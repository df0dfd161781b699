// Names the UI offers in filters. The server validates every value; these only make the choices readable.

export const TASK_TYPES: [string, string][] = [
  ['call-debtor', 'Call debtor'],
  ['verify-debtor-details', 'Verify debtor details'],
  ['field-visit', 'Field visit'],
  ['assess-hardship', 'Assess hardship'],
  ['approve-settlement', 'Approve settlement'],
  ['review-dispute', 'Review dispute'],
  ['approve-legal-escalation', 'Approve legal escalation'],
  ['review-ceased-case', 'Review ceased case'],
];

export const STAGES = ['CONTACT', 'NEGOTIATION', 'MONITORING', 'DISPUTE', 'LEGAL', 'REVIEW'];

export const JURISDICTIONS: [string, string][] = [
  ['US', 'United States'],
  ['IN', 'India'],
];

export const SORTS: [string, string][] = [
  ['priority', 'Priority (workable now, overdue, due, DPD, balance)'],
  ['due', 'Due date'],
  ['dpd', 'Days past due'],
  ['balance', 'Balance'],
  ['created', 'Oldest first'],
];

export const QUEUE_NAMES: Record<string, string> = {
  agents: 'Agents',
  'field-agents': 'Field agents',
  supervisors: 'Supervisors',
  disputes: 'Disputes',
  legal: 'Legal',
  complaints: 'Complaints',
};

export function queueName(group: string): string {
  return QUEUE_NAMES[group] ?? group;
}

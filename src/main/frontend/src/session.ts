import type { Me, Role } from './api';

// The signed-in user, shared by the views, and the case they completed a task of last (a way back to it).
export const session: { me: Me | null; lastWorked: { caseId: string; ref: string } | null } = {
  me: null, lastWorked: null };

export function hasRole(...roles: Role[]): boolean {
  return !!session.me && roles.some((r) => session.me!.roles.includes(r));
}

/** People who work task queues (managers only read). */
export function worksTasks(): boolean {
  return hasRole('AGENT', 'FIELD_AGENT', 'SUPERVISOR', 'COMPLIANCE', 'ADMIN');
}

export function seesAllQueues(): boolean {
  return hasRole('SUPERVISOR', 'ADMIN');
}

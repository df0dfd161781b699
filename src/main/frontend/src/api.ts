// The app's HTTP API as the UI uses it: session cookie + CSRF token (XSRF-TOKEN cookie echoed as X-XSRF-TOKEN),
// problem details (RFC 7807) turned into ApiError.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** The whole problem document (extra properties such as a model's `problems`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail || title || `HTTP ${status}`);
  }
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return match ? decodeURIComponent(match.substring('XSRF-TOKEN='.length)) : undefined;
}

let onUnauthenticated: () => void = () => {};

/** Called when a request answers 401 (session expired): the app shows the sign-in screen. */
export function whenSignedOut(handler: () => void) {
  onUnauthenticated = handler;
}

async function request<T>(method: string, path: string, body?: unknown, form?: URLSearchParams | FormData):
    Promise<T> {
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  let payload: BodyInit | undefined;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'Network error', 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
    const error = new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? '',
      Array.isArray(problem.errors) ? problem.errors : [], (data ?? {}) as Record<string, unknown>);
    if (response.status === 401 && !path.startsWith('/login')) onUnauthenticated();
    throw error;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
  /** A multipart upload (the browser sets the boundary). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, undefined, form),
  /** Form login (Spring Security): 204 when signed in, 401 problem when not. */
  login: (username: string, password: string) =>
    request<void>('POST', '/login', undefined, new URLSearchParams({ username, password })),
  logout: () => request<void>('POST', '/logout'),
};

// ---- the API's shapes --------------------------------------------------------------------------------------------

export type Role = 'AGENT' | 'FIELD_AGENT' | 'SUPERVISOR' | 'COMPLIANCE' | 'MANAGER' | 'ADMIN';

export interface Me {
  username: string;
  displayName: string;
  roles: Role[];
  groups: string[];
}

export interface CaseSummary {
  accountRef: string;
  debtorName: string;
  balance: number;
  currency: string;
  stage: string;
  jurisdiction: string;
  dpd: number;
  /** the debtor's time zone: contact windows are in their local time */
  timezone: string | null;
}

/** When a task can be worked: the contact guard's window for calls and visits, at once for the rest. */
export interface Availability {
  now: boolean;
  from: string | null;
  until: string | null;
  rule: string | null;
  reason: string | null;
}

/** An incident: a step the engine cannot continue (GET /api/incidents). */
export interface Incident {
  id: string;
  caseId: string | null;
  accountRef: string | null;
  elementId: string | null;
  jobType: string | null;
  errorType: string;
  errorMessage: string | null;
  source: 'WORKER' | 'ENGINE';
  state: 'OPEN' | 'RESOLVED';
  raisedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface Task {
  id: string;
  caseId: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  formId: string | null;
  state: 'OPEN' | 'COMPLETING' | 'COMPLETED' | 'CANCELED';
  assignee: string | null;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  overdue: boolean;
  caseSummary: CaseSummary | null;
  availability: Availability;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  totalItems: number;
  /** task pages: more match than totalItems (counted up to 1,000) */
  totalCapped?: boolean;
  /** task pages: of the open tasks the filters match, how many can be worked now */
  workableNow?: number | null;
}

export interface QueueCount {
  group: string;
  open: number;
  unassigned: number;
  overdue: number;
}

export interface TaskWithForm {
  task: Task;
  form: object | null;
  /** what the form's text shows besides its fields: the process variables its templates name */
  data?: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  accountRef: string;
  debtor: { name: string; phone: string; email: string; address: string; timezone: string; jurisdiction: string;
    dateOfBirth: string | null };
  /** the lender the account belongs to */
  creditor: string;
  product: string;
  principal: number;
  balance: number;
  currency: string;
  dueDate: string;
  dpd: number;
  dpdBucket: string;
  stage: string;
  status: string;
  outcome: string | null;
  strategy: { name: string; firstChannel: string; cadence: string } | null;
  processVersion: number | null;
  openedAt: string;
  closedAt: string | null;
}

export interface CaseEvent {
  id: number;
  occurredAt: string;
  type: string;
  summary: string;
}

export interface CaseContext {
  caseView: CaseView;
  timeline: CaseEvent[];
  contacts: {
    id: number; channel: string; attemptedAt: string; outcome: string; guardAllowed: boolean | null;
    guardRule: string | null; nextAllowedAt: string | null; agent: string | null; notes: string | null;
  }[];
  promises: { id: string; amount: number; currency: string; promisedFor: string; state: string; madeAt: string;
    paidAmount: number | null }[];
  settlements: { id: string; amount: number; currency: string; discountPercent: number; state: string;
    dueDate: string | null; reason: string | null }[];
  plans: { id: string; total: number; currency: string; installments: number; frequency: string; state: string;
    schedule: { seq: number; dueDate: string; amount: number; state: string }[] }[];
  payments: { paymentId: string; externalId: string; amount: number; currency: string; paidAt: string;
    balanceAfter: number; credit: number }[];
  credits: { id: string; paymentId: string; amount: number; currency: string; reason: string; state: string;
    recordedAt: string; settledAt: string | null; settledBy: string | null; reference: string | null }[];
  disputes: { id: string; reason: string; details: string | null; state: string; raisedAt: string;
    resolution: string | null }[];
  openTasks: Task[];
}

export interface Script {
  stage: string;
  jurisdiction: string;
  title: string;
  opening: string;
  objections: { objection: string; response: string }[];
  updatedBy?: string;
}

export interface Revealed {
  caseId: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface GuardDecision {
  allowed: boolean;
  rule: string;
  reason: string;
  nextAllowedAt: string | null;
}

export interface Policy {
  jurisdiction: string;
  name: string;
  contactFrom: string;
  contactUntil: string;
  hoursChannels: string[];
  maxCalls: number | null;
  callWindowDays: number | null;
  conversationCooldownDays: number | null;
  validationPeriodDays: number | null;
  agentIdentityRequired: boolean;
  updatedBy: string;
  updatedAt: string;
}

export interface AppUser {
  username: string;
  displayName: string;
  roles: Role[];
  groups: string[];
}

/** Every migration, in order. Listed explicitly (not discovered on disk) so the server runs from any path. */
import { M001Core } from './m001-core.ts';
import { M002Guard } from './m002-guard.ts';
import { M003PlanningPolicies } from './m003-planning-policies.ts';
import { M004EventOutbox } from './m004-event-outbox.ts';
import { M005Knowledge } from './m005-knowledge.ts';
import { M006AccountsProjects } from './m006-accounts-projects.ts';
import { M007ApprovalExpiry } from './m007-approval-expiry.ts';
import { M008RateLimitWindows } from './m008-rate-limit-windows.ts';
import { M009Runs } from './m009-runs.ts';
import { M010LockFreeInterests } from './m010-lock-free-interests.ts';
import { M011Inbox } from './m011-inbox.ts';
import { M012HeldRuns } from './m012-held-runs.ts';

export const MIGRATIONS = [
  { name: 'm001-core', class: M001Core },
  { name: 'm002-guard', class: M002Guard },
  { name: 'm003-planning-policies', class: M003PlanningPolicies },
  { name: 'm004-event-outbox', class: M004EventOutbox },
  { name: 'm005-knowledge', class: M005Knowledge },
  { name: 'm006-accounts-projects', class: M006AccountsProjects },
  { name: 'm007-approval-expiry', class: M007ApprovalExpiry },
  { name: 'm008-rate-limit-windows', class: M008RateLimitWindows },
  { name: 'm009-runs', class: M009Runs },
  { name: 'm010-lock-free-interests', class: M010LockFreeInterests },
  { name: 'm011-inbox', class: M011Inbox },
  { name: 'm012-held-runs', class: M012HeldRuns },
];

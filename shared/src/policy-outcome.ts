/**
 * What a policy evaluation may answer about an intended change, and the two fields a result carries
 * because of it: `warnings` (the change went through; each line names its policy) and a pending
 * approval (the change was not applied and waits for a human).
 */
import * as z from 'zod';
import { UuidSchema } from './common.ts';

export const POLICY_OUTCOMES = ['block', 'warn', 'escalate'] as const;
export const PolicyOutcomeSchema = z.enum(POLICY_OUTCOMES, { error: `expected one of ${POLICY_OUTCOMES.join(', ')}` });
export type PolicyOutcome = z.infer<typeof PolicyOutcomeSchema>;

/** The combined verdict on one change: `allow` when no policy objected. */
export const VERDICTS = ['allow', 'warn', 'block', 'escalate'] as const;
export type VerdictOutcome = (typeof VERDICTS)[number];

/** Policy warnings on a change that went through, as `<policy>: <message>`. */
export const WarningsSchema = z.array(z.string());

export const PendingApprovalSchema = z.object({
  approval_id: UuidSchema,
  policy: z.string(),
  message: z.string(),
});
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;

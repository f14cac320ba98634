/** Needs you: pending approvals with their policy and change; approve or reject with a reason; expiry counts down. */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Approval } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { errorText } from '../trpc-client.ts';
import { span, useNow } from '../use-now.ts';
import { MutationError } from './mutation-error.tsx';

export function ApprovalsPage() {
  const client = useClient();
  const approvals = useQuery({ queryKey: KEYS.approvals, queryFn: () => client.approvals.list.query({ status: 'pending' }) });
  const now = useNow();
  if (approvals.isError) return <MutationError error={errorText(approvals.error)} />;
  const pending = approvals.data ?? [];
  return (
    <>
      <h1>Needs you</h1>
      {pending.length === 0 ? (
        <p>{approvals.isPending ? 'Loading…' : 'Nothing waits for a decision.'}</p>
      ) : (
        <ul className="approvals">
          {pending.map((approval) => (
            <ApprovalItem key={approval.approval_id} approval={approval} now={now} />
          ))}
        </ul>
      )}
    </>
  );
}

function ApprovalItem(props: { readonly approval: Approval; readonly now: number }) {
  const { approval } = props;
  const client = useClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (verdict: 'approve' | 'reject') => {
      const input = { approval_id: approval.approval_id, ...(note.trim() ? { note: note.trim() } : {}) };
      return verdict === 'approve' ? client.approvals.approve.mutate(input) : client.approvals.reject.mutate(input);
    },
  });
  const noteId = `note-${approval.approval_id}`;
  return (
    <li className="approval" data-approval-id={approval.approval_id}>
      <h2>{approval.summary}</h2>
      <p>
        <strong>Policy</strong> {approval.policy}: {approval.message}
      </p>
      <p className="meta">
        Asked by {approval.requester_name ?? 'unknown'} · {approval.operation}
        {approval.task_key && ` · ${approval.task_key}`}
        {approval.to_status && ` → ${approval.to_status}`}
        {approval.paths.length > 0 && ` · ${approval.paths.join(', ')}`} · expires in {span(approval.expires_at, props.now)}
      </p>
      <label htmlFor={noteId}>Reason</label>
      <input id={noteId} value={note} onChange={(event) => setNote(event.target.value)} />
      <div className="actions">
        <button type="button" disabled={decide.isPending} onClick={() => decide.mutate('approve')}>
          Approve
        </button>
        <button type="button" disabled={decide.isPending} onClick={() => decide.mutate('reject')}>
          Reject
        </button>
      </div>
      <MutationError error={decide.isError ? errorText(decide.error) : null} />
    </li>
  );
}

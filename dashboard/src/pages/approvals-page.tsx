/**
 * Needs you: pending approvals with their policy and change; approve or reject with a reason; expiry
 * counts down. The server takes decisions only from a registered human agent (agent-lookup.ts
 * requireHuman), so the viewer picks which human they are (remembered in this browser) or registers one.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Approval } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { errorText } from '../trpc-client.ts';
import { span, useNow } from '../use-now.ts';
import { MutationError } from './mutation-error.tsx';
import { QueryState } from './query-state.tsx';

export function ApprovalsPage() {
  const client = useClient();
  const approvals = useQuery({ queryKey: KEYS.approvals, queryFn: () => client.list_approvals.query({ status: 'pending' }) });
  const agents = useQuery({ queryKey: KEYS.agents, queryFn: () => client.list_agents.query() });
  const now = useNow();
  const [chosen, setChosen] = useState(() => localStorage.getItem('ac.human') ?? '');
  const register = useMutation({
    mutationFn: (name: string) => client.register_agent.mutate({ name, kind: 'human' }),
    onSuccess: (agent) => choose(agent.agent_id),
  });
  const humans = (agents.data ?? []).filter((agent) => agent.kind === 'human');
  const choose = (id: string): void => {
    localStorage.setItem('ac.human', id);
    setChosen(id);
  };
  const human = humans.find((h) => h.agent_id === chosen) ?? (humans.length === 1 ? humans[0] : undefined);
  return (
    <>
      <h1>Needs you</h1>
      <div className="filters">
        {humans.length > 0 && (
          <label>
            Decide as{' '}
            <select value={human?.agent_id ?? ''} onChange={(event) => choose(event.target.value)}>
              {!human && <option value="">choose yourself</option>}
              {humans.map((h) => (
                <option key={h.agent_id} value={h.agent_id}>
                  {h.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get('human') ?? '').trim();
            if (name) register.mutate(name);
          }}
        >
          <label>
            {humans.length > 0 ? 'Or register as' : 'Register yourself as a human to decide'} <input name="human" autoComplete="name" />
          </label>{' '}
          <button type="submit">Register</button>
        </form>
        <MutationError error={register.isError ? errorText(register.error) : null} />
      </div>
      <QueryState query={approvals} empty="Nothing waits for a decision.">
        {(pending) => (
          <ul className="approvals">
            {pending.map((approval) => (
              <ApprovalItem key={approval.approval_id} approval={approval} now={now} humanId={human?.agent_id ?? null} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

function ApprovalItem(props: { readonly approval: Approval; readonly now: number; readonly humanId: string | null }) {
  const { approval } = props;
  const client = useClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (verdict: 'approve' | 'reject') => {
      const input = { approval_id: approval.approval_id, ...(props.humanId ? { agent_id: props.humanId } : {}), ...(note.trim() ? { note: note.trim() } : {}) };
      return verdict === 'approve' ? client.approve_request.mutate(input) : client.reject_request.mutate(input);
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

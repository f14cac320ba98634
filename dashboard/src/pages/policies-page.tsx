/**
 * Policies: the set in force in the viewer's project (list_policies: the policy file's ∪ the project's
 * API-declared ones, a file policy shadowing an API one of the same name) and the policy file's status —
 * where it is, when it was last loaded, and, when the last attempt to read it failed, each error with its
 * line, column and field (the previous set then stays in force). Read-only: policies are declared in the
 * file or by a human through the CLI/API. Live: policy.changed and policy.file_rejected refetch it.
 */
import { useQuery } from '@tanstack/react-query';
import type { Policy, PolicyEntry, PolicyFileStatus } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { span, useNow } from '../use-now.ts';
import { QueryState } from './query-state.tsx';
import { DataTable } from '../data-table.tsx';

/** The rule's own settings, in words. */
function rule(policy: Policy): string {
  switch (policy.kind) {
    case 'lock_paths':
      return `paths ${policy.paths.join(', ')}`;
    case 'max_active_tasks':
      return `at most ${policy.limit} active tasks per agent`;
    case 'mission_wip_limit':
      return `at most ${policy.limit} active tasks per mission`;
    case 'transition_requires_capability':
      return `${policy.statuses.join(', ')} needs capability ${policy.capability}`;
    case 'done_requires_requirement':
      return 'done needs a linked requirement';
    case 'transition_requires_human':
      return `${policy.statuses.join(', ')} only by a human`;
  }
}

function scope(policy: Policy): string {
  const parts = [
    policy.scope.missions?.length ? `missions ${policy.scope.missions.join(', ')}` : null,
    policy.scope.agent_kinds?.length ? `agent kinds ${policy.scope.agent_kinds.join(', ')}` : null,
    policy.scope.capabilities?.length ? `capabilities ${policy.scope.capabilities.join(', ')}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'everything' : parts.join('; ');
}

function inForce(entry: PolicyEntry): string {
  if (entry.shadowed) return 'shadowed by the file';
  return entry.policy.enabled ? 'in force' : 'disabled';
}

export function PoliciesPage() {
  const client = useClient();
  const list = useQuery({ queryKey: KEYS.policies, queryFn: () => client.list_policies.query() });
  const now = useNow();
  const entries = list.data?.policies ?? [];
  return (
    <>
      <h1>Policies</h1>
      {list.data && <FileStatus file={list.data.file} now={now} />}
      <section aria-labelledby="policies-heading">
        <h2 id="policies-heading">
          Effective set <span className="count">{entries.filter((e) => !e.shadowed && e.policy.enabled).length} in force</span>
        </h2>
        <QueryState query={list} empty="No policy: every claim, lock and transition goes through unchecked." isEmpty={(data) => data.policies.length === 0}>
          {() => (
            <DataTable columns={['Policy', 'Rule', 'Outcome', 'Scope', 'Source', 'State']}>
              {entries.map((entry) => (
                <tr key={`${entry.source}:${entry.policy.name}`} data-policy={entry.policy.name} className={entry.shadowed || !entry.policy.enabled ? 'inactive' : undefined}>
                  <th scope="row">
                    {entry.policy.name}
                    {entry.policy.message && <span className="muted"> — {entry.policy.message}</span>}
                  </th>
                  <td>
                    <code>{entry.policy.kind}</code> {rule(entry.policy)}
                  </td>
                  <td>
                    <span className={`badge outcome-${entry.policy.outcome}`}>{entry.policy.outcome}</span>
                  </td>
                  <td>{scope(entry.policy)}</td>
                  <td>{entry.source === 'file' ? 'policy file' : 'declared (API)'}</td>
                  <td>{inForce(entry)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </section>
    </>
  );
}

function FileStatus(props: { readonly file: PolicyFileStatus; readonly now: number }) {
  const { file } = props;
  return (
    <section aria-labelledby="policy-file-heading" className={`policy-file${file.errors.length > 0 ? ' has-errors' : ''}`}>
      <h2 id="policy-file-heading">Policy file</h2>
      {file.path === null ? (
        <p>No policy file is configured; policies come from the API only.</p>
      ) : (
        <p>
          <code>{file.path}</code>:{' '}
          {file.loaded_at ? `${file.policy_count} ${file.policy_count === 1 ? 'policy' : 'policies'}, loaded ${span(file.loaded_at, props.now)} ago` : 'not loaded yet'}
        </p>
      )}
      {file.errors.length > 0 && (
        <div role="alert" className="file-errors">
          <p className="error">The last change to the file was rejected; the policies loaded before stay in force.</p>
          <ul>
            {file.errors.map((error, index) => (
              <li key={index}>
                {error.line !== null ? `line ${error.line}${error.column !== null ? `, column ${error.column}` : ''}` : 'the file'}
                {error.field !== null && (
                  <>
                    , field <code>{error.field}</code>
                  </>
                )}
                : {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

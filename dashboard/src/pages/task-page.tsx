/** One task: title, description, files with their lock state, dependencies by key, mission, sprint, notes, history. */
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { errorText } from '../trpc-client.ts';
import { describe } from './activity-page.tsx';
import { MutationError } from './mutation-error.tsx';

export function TaskPage(props: { readonly taskKey: string }) {
  const client = useClient();
  const task = useQuery({ queryKey: [...KEYS.task, props.taskKey], queryFn: () => client.get_task.query({ task_id: props.taskKey }) });
  const tasks = useQuery({ queryKey: KEYS.tasks, queryFn: () => client.list_tasks.query({ limit: 1000 }) });
  const locks = useQuery({ queryKey: KEYS.locks, queryFn: () => client.list_locks.query() });
  const history = useQuery({ queryKey: [...KEYS.task, props.taskKey, 'history'], queryFn: () => client.list_events.query({ after: 0, limit: 1000 }) });
  if (task.isError) return <MutationError error={errorText(task.error)} />;
  if (!task.data) return <p className="loading">Loading {props.taskKey}…</p>;
  const t = task.data;
  const keyOf = new Map((tasks.data ?? []).map((other) => [other.task_id, other]));
  const events = (history.data ?? []).filter((event) => 'task' in event && event.task?.task_id === t.task_id);
  return (
    <article>
      <h1>
        <span className="key">{t.key}</span> {t.title}
      </h1>
      <p className="meta">
        {t.status} · {t.priority}
        {t.mission_id && ` · mission ${t.mission_id.slice(0, 8)}`}
        {t.sprint_id && ` · sprint ${t.sprint_id.slice(0, 8)}`}
      </p>
      {t.description && <p className="description">{t.description}</p>}
      <h2>Files</h2>
      {t.files.length === 0 ? (
        <p>None declared.</p>
      ) : (
        <ul>
          {t.files.map((file) => {
            const lock = (locks.data ?? []).find((held) => held.path === file);
            return (
              <li key={file}>
                <code>{file}</code> {lock ? `locked by ${lock.held_by} (${lock.mode})` : 'not locked'}
              </li>
            );
          })}
        </ul>
      )}
      <h2>Depends on</h2>
      {t.depends_on.length === 0 ? (
        <p>Nothing.</p>
      ) : (
        <ul>
          {t.depends_on.map((id) => {
            const dep = keyOf.get(id);
            return <li key={id}>{dep ? <a href={`/tasks/${dep.key}`} onClick={follow}>{`${dep.key} ${dep.title} (${dep.status})`}</a> : id}</li>;
          })}
        </ul>
      )}
      {(t.progress_note || t.summary) && (
        <>
          <h2>Notes</h2>
          {t.progress_note && <p>{t.progress_note}</p>}
          {t.summary && <p>{t.summary}</p>}
        </>
      )}
      <h2>History</h2>
      <ol className="feed">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> <code>{event.type}</code> {describe(event)}
          </li>
        ))}
      </ol>
    </article>
  );
}

/**
 * The one way a page shows a query that is not ready to draw: its error (an alert), "Loading…" while
 * it is pending, a sentence when it came back empty; otherwise the page's own rendering of the data.
 */
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorText } from '../trpc-client.ts';
import { MutationError } from './mutation-error.tsx';

export function QueryState<T>(props: {
  readonly query: UseQueryResult<T>;
  /** What to say when the data came back with nothing to show. */
  readonly empty?: string;
  /** Whether the data has nothing to show (default: an empty array). */
  readonly isEmpty?: (data: T) => boolean;
  readonly loading?: string;
  readonly children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isError) return <MutationError error={errorText(query.error)} />;
  if (query.isPending) return <p className="loading">{props.loading ?? 'Loading…'}</p>;
  const isEmpty = props.isEmpty ?? ((data: T) => Array.isArray(data) && data.length === 0);
  if (props.empty !== undefined && isEmpty(query.data)) return <p>{props.empty}</p>;
  return <>{props.children(query.data)}</>;
}

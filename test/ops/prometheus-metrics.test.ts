/**
 * The replica's metrics registry (prom-client underneath): the instrumentation points count what the
 * services report, and a scrape-time reader that fails or hangs (the database away) leaves its metric
 * without a sample while the rest of the scrape is served.
 */
import assert from 'node:assert/strict';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { PrometheusMetrics } from '../../server/src/ops/prometheus-metrics.ts';

const sample = (text: string, series: string): string | undefined =>
  new RegExp(`^${series.replace(/[{}"+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1];

describe('PrometheusMetrics', () => {
  it('counts what the instrumentation points report, by the names the docs give', async () => {
    const metrics = new PrometheusMetrics();
    metrics.eventsCommitted([{ type: 'task.claimed' }, { type: 'task.claimed' }, { type: 'lock.acquired' }] as never);
    metrics.lockAnswered({ granted: true, conflicts: 0 });
    metrics.lockAnswered({ granted: false, conflicts: 3 });
    metrics.eventDelivered({ at: new Date(Date.now() - 20).toISOString() } as CoordinatorEvent);
    const { contentType, text } = await metrics.render();
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.equal(sample(text, 'coordinator_claims_total'), '2');
    assert.equal(sample(text, 'coordinator_events_committed_total{type="task.claimed"}'), '2');
    assert.equal(sample(text, 'coordinator_events_committed_total{type="lock.acquired"}'), '1');
    assert.equal(sample(text, 'coordinator_lock_requests_total{outcome="granted"}'), '1');
    assert.equal(sample(text, 'coordinator_lock_requests_total{outcome="refused"}'), '1');
    assert.equal(sample(text, 'coordinator_lock_conflicts_total'), '3');
    assert.equal(sample(text, 'coordinator_event_delivery_seconds_count'), '1');
    assert.equal(sample(text, 'coordinator_event_delivery_seconds_bucket{le="0.01"}'), '0');
    assert.equal(sample(text, 'coordinator_event_delivery_seconds_bucket{le="+Inf"}'), '1');
  });

  it('reads gauges at scrape time; a failing or slow reader leaves only its own metric without a sample', async () => {
    const metrics = new PrometheusMetrics({ scrapeTimeoutMs: 100 });
    let clients = 1;
    let published = 5;
    metrics.gauge('coordinator_websocket_clients', 'clients', () => clients);
    metrics.gauge('coordinator_outbox_published_total', 'published', () => published, { counter: true });
    metrics.gauge('coordinator_active_agents', 'agents', () => Promise.reject(new Error('database away')));
    metrics.gauge('coordinator_event_head_seq', 'head', () => new Promise<number>(() => undefined));
    const first = (await metrics.render()).text;
    assert.equal(sample(first, 'coordinator_websocket_clients'), '1');
    assert.equal(sample(first, 'coordinator_outbox_published_total'), '5');
    assert.match(first, /^# TYPE coordinator_outbox_published_total counter$/m);
    assert.equal(sample(first, 'coordinator_active_agents'), undefined);
    assert.equal(sample(first, 'coordinator_event_head_seq'), undefined);
    clients = 3;
    published = 8;
    const second = (await metrics.render()).text;
    assert.equal(sample(second, 'coordinator_websocket_clients'), '3');
    assert.equal(sample(second, 'coordinator_outbox_published_total'), '8', 'a total read elsewhere is exposed as it is, not added up');
  });

  it('keeps each registry apart: two servers in one process do not share figures', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.lockAnswered({ granted: false, conflicts: 1 });
    assert.equal(sample((await a.render()).text, 'coordinator_lock_conflicts_total'), '1');
    assert.equal(sample((await b.render()).text, 'coordinator_lock_conflicts_total'), '0');
  });
});

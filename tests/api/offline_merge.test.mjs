// The field app's pure outbox rules (web/src/offline/merge.js), no server:
// unsent changes laid over the server copy, the version chain of writes
// made one after the other offline (rebase), which entries a replay sends,
// how a failed send is classified, and the rows of the conflict view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPending, rebase, replayable, classify, conflictRows, apiTime, summary }
  from '../../web/src/offline/merge.js';

const record = () => ({
  id: 7, version: 5, status: 'in_progress',
  site: { notice_at: '2026-12-04T01:00:00Z', check_at: null, feedback_at: null, principal_present: false,
    principal_name: '', measures: '' },
  checklist: [
    { line_id: 1, key_point: '消防通道', must_check: true, result: null },
    { line_id: 2, key_point: '应急预案', must_check: false, result: { verdict: 'ok', note: '' } },
  ],
});
const entry = (seq, kind, body, base = 5, extra = {}) =>
  ({ seq, inspection_id: 7, kind, path: kind, body, base_version: base, created_at: '2026-12-04T02:00:00Z',
    status: 'pending', ...extra });

test('applyPending lays unsent changes over the server copy, in order, without touching it', () => {
  const base = record();
  const shown = applyPending(base, [
    entry(2, 'results', { items: [{ line_id: 1, verdict: 'ok', note: '' }] }),
    entry(1, 'results', { items: [{ line_id: 1, verdict: 'fail', note: '堵塞' }, { line_id: 2, verdict: 'na' }] }),
    entry(3, 'steps', { step: 'check' }),
    entry(4, 'attendance', { principal_present: true, principal_name: '王总' }),
    entry(5, 'results', { items: [{ line_id: 1, verdict: 'na' }] }, 5, { inspection_id: 8 }),
  ]);
  assert.equal(shown.checklist[0].result.verdict, 'ok', 'seq 2 after seq 1');
  assert.equal(shown.checklist[0].result.pending, true);
  assert.equal(shown.checklist[1].result.verdict, 'na');
  assert.equal(shown.site.check_at, '2026-12-04T02:00:00Z', 'a step without "at" takes the time it was made');
  assert.equal(shown.site.principal_name, '王总');
  assert.equal(base.checklist[0].result, null, 'the server copy is unchanged');
  assert.equal(base.site.check_at, null);
});

test('applyPending: start, report and close change the status', () => {
  const b = { ...record(), status: 'scheduled', site: null };
  assert.equal(applyPending(b, [entry(1, 'start', {})]).status, 'in_progress');
  assert.equal(applyPending(b, [entry(1, 'start', {}), entry(2, 'report', {})]).status, 'reported');
  assert.equal(applyPending(record(), [entry(1, 'close', {})]).status, 'closed');
  assert.equal(applyPending(record(), [entry(1, 'hazard', { description: 'x' })]).status, 'in_progress');
});

test('rebase moves the later writes made on the same state, not those of other inspections or versions', () => {
  const all = [
    entry(1, 'results', {}), entry(2, 'steps', {}), entry(3, 'notes', {}, 4),
    entry(4, 'attendance', {}, 5, { inspection_id: 8 }), entry(5, 'hazard', {}, null),
    entry(6, 'notes', {}, 5, { status: 'conflict' }),
  ];
  const moved = rebase(all, 7, 5, 6, 1);
  assert.deepEqual(moved.map((e) => [e.seq, e.base_version]), [[2, 6]]);
  assert.equal(all[1].base_version, 5, 'returns copies');
});

test('replayable: pending entries in order, skipping errors, stopping at a conflict', () => {
  const all = [entry(3, 'notes', {}), entry(1, 'results', {}), entry(2, 'steps', {}, 5, { status: 'error' }),
    entry(4, 'attendance', {}, 5, { status: 'conflict' }), entry(5, 'notes', {}), entry(6, 'notes', {}, 5, { inspection_id: 9 })];
  assert.deepEqual(replayable(all, 7).map((e) => e.seq), [1, 3]);
  assert.deepEqual(replayable(all, 9).map((e) => e.seq), [6]);
});

test('classify: 409 on the version is a conflict, other 4xx an error, network and 5xx wait', () => {
  assert.equal(classify({ status: 409, field: 'version' }), 'conflict');
  assert.equal(classify({ status: 422, field: 'items' }), 'error');
  assert.equal(classify({ status: 409, field: 'status' }), 'error');
  assert.equal(classify({ status: 403 }), 'error');
  assert.equal(classify({ status: 0 }), 'stop');
  assert.equal(classify({ status: 401 }), 'stop');
  assert.equal(classify({ status: 503 }), 'stop');
});

test('conflictRows: the officer\'s value next to the server\'s', () => {
  const server = record();
  server.checklist[0].result = { verdict: 'ok', note: '另一名执法人员' };
  server.site.principal_name = '李总';
  const r = conflictRows(entry(1, 'results', { items: [{ line_id: 1, verdict: 'fail', note: '堵塞' }] }), server);
  assert.deepEqual(r, [{ field: 'line', line_id: 1, label: '消防通道', type: 'verdict',
    mine: { verdict: 'fail', note: '堵塞' }, server: { verdict: 'ok', note: '另一名执法人员' } }]);
  const a = conflictRows(entry(1, 'attendance', { principal_present: true, principal_name: '王总' }), server);
  const name = a.find((x) => x.field === 'principal_name');
  assert.equal(name.mine, '王总');
  assert.equal(name.server, '李总');
  assert.equal(a.find((x) => x.field === 'principal_present').type, 'bool');
  const s = conflictRows(entry(1, 'steps', { step: 'notice', at: '2026-12-04T03:00:00Z' }), server);
  assert.deepEqual([s[0].mine, s[0].server], ['2026-12-04T03:00:00Z', '2026-12-04T01:00:00Z']);
  assert.equal(conflictRows(entry(1, 'close', {}), server)[0].server, 'in_progress');
});

test('apiTime is the API\'s UTC form', () => {
  assert.equal(apiTime(new Date(Date.UTC(2026, 11, 4, 9, 8, 7, 654))), '2026-12-04T09:08:07Z');
});

test('summary: one readable line of an entry', () => {
  assert.equal(summary(entry(1, 'hazard', { description: '安全出口上锁', place: '二号仓库' }, null)), '安全出口上锁（二号仓库）');
  assert.equal(summary({ ...entry(1, 'evidence', {}, null), name: 'exit.png' }), 'exit.png');
  assert.equal(summary(entry(1, 'results', { items: [{ line_id: 3, verdict: 'fail', note: '堵塞' }] })), '#3 fail 堵塞');
  assert.equal(summary(entry(1, 'close', {})), '');
});

test('an unsent hazard is listed on the record; its photo waits until the hazard is saved', () => {
  const shown = applyPending({ ...record(), hazards: [{ id: 3, description: '旧隐患', status: 'closed' }] }, [
    entry(1, 'hazard', { description: '安全出口上锁', place: '二号仓库', category: 'general', rectify: 'deadline',
      deadline: '2026-12-20' }, null),
  ]);
  assert.deepEqual(shown.hazards.map((h) => [h.id, h.description, h.pending === true]),
    [[3, '旧隐患', false], [null, '安全出口上锁', true]]);
  assert.equal(shown.hazards[1].deadline, '2026-12-20');
  const waiting = entry(2, 'evidence', {}, null, { hazard_seq: 1 });
  const plain = entry(3, 'evidence', {}, null);
  assert.deepEqual(replayable([entry(1, 'hazard', {}, null), waiting, plain], 7).map((e) => e.seq), [1, 3]);
  assert.deepEqual(replayable([{ ...waiting, hazard_id: 9 }, plain], 7).map((e) => e.seq), [2, 3]);
});

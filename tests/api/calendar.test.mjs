// The working-day calendar over HTTP: the public deadline calculator
// (GET /api/v1/calendar/add, no login) against the official 2024/2026
// arrangements, bad input answered 400 naming the parameter, provisional
// answers for a year without an arrangement, a year's view, and an
// administrator adding / replacing a year (versioned, audited).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
let anon;

before(async () => {
  server = await startServer();
  anon = new Client(server.url);
});
after(async () => { if (server) await server.stop(); });

async function signIn(username) {
  const c = new Client(server.url);
  await c.login(username);
  return c;
}

/** Asserts a 4xx error answer with a Chinese message naming field. */
function assertError(r, status, code, field) {
  const dump = JSON.stringify(r.body);
  assert.equal(r.status, status, dump);
  assert.equal(r.body.error.code, code, dump);
  assert.match(r.body.error.message, HAN, dump);
  if (field !== undefined) assert.equal(r.body.error.field, field, dump);
  return r.body.error;
}

const add = (q) => anon.get(`/api/v1/calendar/add?${q}`);

describe('GET /api/v1/calendar/add (public)', () => {
  test('working days across 国庆 2026, ending on the make-up Saturday, without login', async () => {
    const r = await add('from=2026-09-30&workdays=3');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.date, '2026-10-10');
    assert.equal(r.body.provisional, false);
    assert.equal((await add('from=2026-09-30&workdays=1')).body.date, '2026-10-08');
  });

  test('2026 春节 and 2024 make-up days', async () => {
    const cases = [
      ['2026-02-13', 1, '2026-02-14'], // make-up Saturday before the holiday
      ['2026-02-13', 2, '2026-02-24'], // nine days off
      ['2026-02-14', 5, '2026-02-28'], // start on a make-up Saturday, end on the next one
      ['2024-09-27', 1, '2024-09-29'], // Sunday 09-29 worked
      ['2024-09-27', 7, '2024-10-12'], // … and Saturday 10-12
      ['2024-10-12', 1, '2024-10-14'],
      ['2024-10-12', 0, '2024-10-12'], // 0: the day itself
      ['2026-02-24', -1, '2026-02-14'], // backwards
    ];
    for (const [from, n, want] of cases) {
      const r = await add(`from=${from}&workdays=${n}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.date, want, `${from} + ${n} working days`);
      assert.equal(r.body.provisional, false);
    }
  });

  test('days=N: the plain date and the deadline moved past the holiday', async () => {
    const r = await add('from=2026-09-20&days=15');
    assert.equal(r.status, 200);
    assert.equal(r.body.date, '2026-10-05');
    assert.equal(r.body.deadline, '2026-10-08');
    assert.equal(r.body.moved, true);
    const s = await add('from=2026-09-30&days=10'); // a make-up Saturday does not move
    assert.equal(s.body.deadline, '2026-10-10');
    assert.equal(s.body.moved, false);
  });

  test('a year without an official arrangement: weekends only, and it says so', async () => {
    const r = await add('from=2026-12-31&workdays=1');
    assert.equal(r.status, 200);
    assert.equal(r.body.date, '2027-01-01');
    assert.equal(r.body.provisional, true);
    assert.deepEqual(r.body.uncovered_years, [2027]);
    assert.match(r.body.note, /2027/);
    assert.equal((await add('from=2026-11-29&workdays=5')).body.provisional, false);
  });

  test('bad dates → 400 naming from', async () => {
    for (const from of ['2026-02-30', '2023-02-29', '2026-2-3', '20260203', 'abc', '1899-12-31']) {
      // the field member names the parameter; the message says 日期 (API names stay out of messages)
      const e = assertError(await add(`from=${encodeURIComponent(from)}&workdays=1`), 400, 'invalid', 'from');
      assert.ok(e.message.includes('日期'), e.message);
    }
    assertError(await add('workdays=1'), 400, 'invalid', 'from');
    const e = assertError(await add('from=2026-02-30&workdays=1'), 400, 'invalid', 'from');
    assert.ok(e.message.includes('2026-02-30'));
  });

  test('non-integer and huge N → 400 naming the parameter', async () => {
    for (const n of ['abc', '1.5', '3e2', '0x10', '--1', ' 1']) {
      assertError(await add(`from=2026-01-05&workdays=${encodeURIComponent(n)}`), 400, 'invalid', 'workdays');
    }
    for (const n of ['3651', '-3651', '99999999999999999999']) {
      assertError(await add(`from=2026-01-05&workdays=${n}`), 400, 'invalid', 'workdays');
      assertError(await add(`from=2026-01-05&days=${n}`), 400, 'invalid', 'days');
    }
    assert.equal((await add('from=2026-01-05&workdays=3650')).status, 200);
    assert.equal((await add('from=2026-01-05&days=-3650')).status, 200);
    assertError(await add('from=2026-01-05'), 400, 'invalid', 'workdays');
    assertError(await add('from=2026-01-05&workdays=1&days=1'), 400, 'invalid', 'days');
  });
});

describe('GET /api/v1/calendar', () => {
  test('a covered year lists its holidays and make-up days (public)', async () => {
    const r = await anon.get('/api/v1/calendar?year=2026');
    assert.equal(r.status, 200);
    assert.equal(r.body.covered, true);
    assert.equal(r.body.workdays, 248);
    assert.match(r.body.version.source, /2026/);
    const d = Object.fromEntries(r.body.days.map((x) => [x.date, x]));
    assert.equal(d['2026-10-10'].kind, 'workday');
    assert.equal(d['2026-10-10'].weekday, 6);
    assert.equal(d['2026-10-01'].kind, 'holiday');
    assert.equal(d['2026-10-01'].name, '国庆节');
    assert.equal(r.body.covered_years[0], 2004);
    assert.equal(r.body.covered_years.at(-1), 2026);
  });

  test('an uncovered year and bad years', async () => {
    const r = await anon.get('/api/v1/calendar?year=2027');
    assert.equal(r.body.covered, false);
    assert.deepEqual(r.body.days, []);
    assert.equal(r.body.workdays_provisional, true);
    for (const y of ['abc', '27', '1800', '20270']) {
      assertError(await anon.get(`/api/v1/calendar?year=${y}`), 400, 'invalid', 'year');
    }
  });
});

describe('POST /api/v1/calendar/years', () => {
  const y2027 = {
    year: 2027,
    source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
    days: [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
    ],
  };

  test('only rules administrators add a year; bad days are refused naming the item', async () => {
    assertError(await anon.post('/api/v1/calendar/years', y2027), 401, 'unauthenticated');
    const officer = await signIn('officer1');
    assertError(await officer.post('/api/v1/calendar/years', y2027), 403, 'forbidden');
    const admin = await signIn('admin');
    const bad = structuredClone(y2027);
    bad.days[1].date = '2027-02-30';
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'invalid', 'days[1].date');
    bad.days[1] = { date: '2026-12-31', kind: 'holiday', name: '元旦' };
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'invalid', 'days[1].date');
    bad.days[1] = { date: '2027-01-01', kind: 'holiday', name: '元旦' };
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'invalid', 'days[1].date');
    bad.days[1] = { date: '2027-01-05', kind: 'workday', name: '元旦' }; // a Tuesday
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'invalid', 'days[1].kind');
    bad.days[1] = { date: '2027-01-02', kind: 'off', name: '元旦' };
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'invalid', 'days[1].kind');
    bad.days[1] = { date: '2027-01-02', kind: 'holiday', name: '元旦', extra: 1 };
    assertError(await admin.post('/api/v1/calendar/years', bad), 400, 'unknown_field', 'days[1].extra');
    assertError(await admin.post('/api/v1/calendar/years', { ...y2027, days: [] }), 400, 'invalid', 'days');
    assert.equal((await anon.get('/api/v1/calendar?year=2027')).body.covered, false, 'nothing half-written');
  });

  test('legal adds 2027; deadlines become firm; replacing keeps the old version', async () => {
    const legal = await signIn('legal');
    const r = await legal.post('/api/v1/calendar/years', y2027);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.covered, true);
    assert.equal(r.body.days.length, 4);
    const a = await add('from=2026-12-31&workdays=1');
    assert.equal(a.body.date, '2027-01-04');
    assert.equal(a.body.provisional, false);
    assert.equal((await add('from=2027-02-05&workdays=1')).body.date, '2027-02-06');

    // replacing needs a reason
    const again = { ...y2027, days: y2027.days.slice(0, 3) };
    assertError(await legal.post('/api/v1/calendar/years', again), 400, 'invalid', 'reason');
    const r2 = await legal.post('/api/v1/calendar/years', { ...again, reason: '更正：2月6日不调休' });
    assert.equal(r2.status, 201, JSON.stringify(r2.body));
    assert.equal((await add('from=2027-02-05&workdays=1')).body.date, '2027-02-08');

    const v = await legal.get('/api/v1/calendar/versions?year=2027');
    assert.equal(v.status, 200);
    assert.equal(v.body.items.length, 2);
    assert.equal(v.body.items[0].voided_at, null);
    assert.equal(v.body.items[1].void_reason, '更正：2月6日不调休');
    assert.equal(v.body.items[1].voided_by, 'legal');
    assert.equal(v.body.items[1].days, 4);

    const admin = await signIn('admin');
    const audit = await admin.get('/api/v1/audit?entity=calendar_year&entity_id=2027');
    assert.deepEqual(audit.body.items.map((x) => x.action), ['calendar.replace', 'calendar.add']);
    assert.equal(audit.body.items[0].actor, 'legal');
  });
});

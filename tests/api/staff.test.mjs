// Staff API (src/staff.c, src/staff_record.c) against the real binary:
// create with GB 11643 check and an optional first certificate (all or
// nothing), certificate dates refused naming the field, the eligibility
// answer with every reason (expired with its date, assistant, conflict,
// street grants), masking of identity numbers and phones for roles that
// must not see them, scope (a street account outside its area → 4xx),
// permissions, warnings, the professional ratio, and the audit trail.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
const clients = {};

/** A client signed in as username; every answer must be < 500. */
async function as(username) {
  if (!clients[username]) {
    const c = new Client(server.url);
    const orig = c.req.bind(c);
    c.req = async (...args) => {
      const r = await orig(...args);
      assert.ok(r.status < 500, `${args[0]} ${args[1]} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r;
    };
    await c.login(username);
    clients[username] = c;
  }
  return clients[username];
}

/** Asserts {"error":{code,message(Chinese),field}}. */
function assertError(r, status, code, field, mentions = []) {
  const dump = JSON.stringify(r.body);
  assert.equal(r.status, status, dump);
  assert.equal(r.body.error.code, code, dump);
  assert.match(r.body.error.message, HAN, dump);
  if (field !== undefined) assert.equal(r.body.error.field, field, dump);
  for (const m of mentions) assert.ok(r.body.error.message.includes(m), `message should mention ${m}: ${dump}`);
}

/** GB 11643 check character of a 17-digit prefix. */
function idCheck(z17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(z17[i]) * w[i];
  return '10X98765432'[s % 11];
}
let seq = 0;
function newId() {
  seq++;
  const z17 = `3601041992${String(1 + (seq % 12)).padStart(2, '0')}15${String(100 + seq).padStart(3, '0')}`;
  return z17 + idCheck(z17);
}

const today = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
};
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

async function unitId(name) {
  const r = await (await as('admin')).get(`/api/v1/units?q=${encodeURIComponent(name)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const u = r.body.items.find((x) => x.name === name);
  assert.ok(u, `unit ${name}`);
  return u.id;
}

async function personByName(name) {
  const r = await (await as('admin')).get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
  assert.equal(r.status, 200);
  const p = r.body.items.find((x) => x.name === name);
  assert.ok(p, `person ${name}`);
  return p;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
});
// DUMP_LOG=FILE keeps the server's log for a failing run.
after(async () => { if (server) { await server.stop(); if (process.env.DUMP_LOG) (await import('node:fs')).writeFileSync(process.env.DUMP_LOG, server.log()); } });

describe('create', () => {
  test('brigade creates a person with a certificate: 201, in the list, ID whole for the keeper', async () => {
    const brigade = await as('brigade');
    const id = newId();
    const r = await brigade.post('/api/v1/staff', {
      unit_id: await unitId('执法一中队'), kind: 'officer', name: '周新兵', id_number: id, phone: '13907911111',
      education: 'bachelor', major: '安全工程', education_related: true,
      certificate: { number: 'API-C-1', issuer: '江西省人民政府', valid_from: '2026-01-01', valid_to: '2030-12-31' },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.id_number, id);
    assert.equal(r.body.masked, false);
    assert.equal(r.body.cert_state, 'valid');
    assert.equal(r.body.professional, true);
    const list = await brigade.get(`/api/v1/staff?q=${encodeURIComponent('周新兵')}`);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].cert_number, 'API-C-1');
  });

  test('an identity number with one character changed is refused naming id_number', async () => {
    const good = newId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await (await as('brigade')).post('/api/v1/staff', {
      unit_id: await unitId('执法一中队'), kind: 'officer', name: '错号', id_number: bad,
    });
    assertError(r, 400, 'invalid', 'id_number', ['校验位']);
  });

  test('a first certificate with valid_to before valid_from: 400 naming it, nothing written', async () => {
    const r = await (await as('brigade')).post('/api/v1/staff', {
      unit_id: await unitId('执法一中队'), kind: 'officer', name: '半写测试', id_number: newId(),
      certificate: { number: 'API-C-2', issuer: '江西省人民政府', valid_from: '2026-05-01', valid_to: '2026-04-30' },
    });
    assertError(r, 400, 'invalid', 'certificate.valid_to', ['2026-04-30']);
    const list = await (await as('admin')).get(`/api/v1/staff?q=${encodeURIComponent('半写测试')}`);
    assert.equal(list.body.items.length, 0);
  });

  test('unknown fields, wrong types and missing fields are named', async () => {
    const b = await as('brigade');
    assertError(await b.post('/api/v1/staff', { unit_id: 1, kind: 'officer', name: 'x', id_number: newId(), nick: 1 }),
      400, 'unknown_field', 'nick');
    assertError(await b.post('/api/v1/staff', { unit_id: '1', kind: 'officer', name: 'x', id_number: newId() }),
      400, 'wrong_type', 'unit_id');
    assertError(await b.post('/api/v1/staff', { kind: 'officer', name: 'x', id_number: newId() }),
      400, 'missing_field', 'unit_id');
  });
});

describe('certificates', () => {
  test('valid_to before valid_from is refused naming valid_to; status changes are audited', async () => {
    const b = await as('brigade');
    const p = await personByName('郭强');
    let r = await b.post(`/api/v1/staff/${p.id}/certificates`,
      { number: 'API-C-3', issuer: '江西省人民政府', valid_from: '2027-01-01', valid_to: '2026-12-31' });
    assertError(r, 400, 'invalid', 'valid_to');
    r = await b.post(`/api/v1/staff/${p.id}/certificates`,
      { number: 'API-C-3', issuer: '江西省人民政府', valid_from: '2026-01-01', valid_to: '2031-12-31' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const certId = r.body.id;
    r = await b.post(`/api/v1/certificates/${certId}/status`, { status: 'suspended', reason: '' });
    assertError(r, 400, 'invalid', 'reason');
    r = await b.post(`/api/v1/certificates/${certId}/status`, { status: 'suspended', reason: '违纪调查' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'suspended');
    assert.equal(r.body.history.length, 1);
    r = await b.patch(`/api/v1/certificates/${certId}`, { valid_to: '2025-01-01' });
    assertError(r, 400, 'invalid', 'valid_to');
    const audit = await (await as('admin')).get(`/api/v1/audit?entity=person&entity_id=${p.id}`);
    assert.ok(audit.body.items.some((a) => a.action === 'certificate.status'));
    assert.ok(audit.body.items.some((a) => a.action === 'certificate.add'));
  });

  test('warnings list expiring and expired certificates within 60 days', async () => {
    const r = await (await as('leader')).get('/api/v1/certificates/warnings');
    assert.equal(r.status, 200);
    assert.equal(r.body.warning_days, 60);
    const states = new Set(r.body.items.map((x) => x.state));
    assert.ok(states.has('expiring') && states.has('expired'), JSON.stringify(r.body.items));
    for (const x of r.body.items) {
      if (x.state === 'expiring') assert.ok(x.days_left >= 0 && x.days_left <= 60);
      else assert.ok(x.days_left < 0);
    }
    assertError(await (await as('leader')).get('/api/v1/certificates/warnings?date=2026-02-30'), 400, 'invalid', 'date');
  });
});

describe('eligibility', () => {
  test('an officer whose certificate expired: refused with the date', async () => {
    const p = await personByName('吴涛');
    const r = await (await as('officer1')).get(`/api/v1/staff/${p.id}/eligibility`);
    assert.equal(r.status, 200);
    assert.equal(r.body.eligible, false);
    const reason = r.body.reasons.find((x) => x.code === 'certificate_expired');
    assert.ok(reason, JSON.stringify(r.body));
    assert.ok(reason.message.includes(addDays(today(), -15)), reason.message);
    // the same person on a day the certificate was valid
    const then = await (await as('officer1')).get(`/api/v1/staff/${p.id}/eligibility?date=${addDays(today(), -30)}`);
    assert.equal(then.body.eligible, true, JSON.stringify(then.body));
  });

  test('an assistant is refused; a valid officer is eligible', async () => {
    const c = await as('leader');
    const a = await personByName('赵磊');
    let r = await c.get(`/api/v1/staff/${a.id}/eligibility`);
    assert.equal(r.body.eligible, false);
    assert.ok(r.body.reasons.some((x) => x.code === 'assistant' && x.message.includes('安监员')));
    const o = await personByName('李明');
    r = await c.get(`/api/v1/staff/${o.id}/eligibility?enterprise=1`);
    assert.equal(r.body.eligible, true, JSON.stringify(r.body));
    assert.deepEqual(r.body.reasons, []);
  });

  test('a person with a conflict with the enterprise is refused (回避), not for another', async () => {
    const c = await as('brigade');
    const p = await personByName('杨帆');
    let r = await c.post(`/api/v1/staff/${p.id}/conflicts`, {
      enterprise_id: 777, enterprise_uscc: '91360104MA35F2KQ4X', enterprise_name: '某某化工有限公司',
      reason: '兄弟任该企业法定代表人', valid_from: '2025-01-01',
    });
    assertError(r, 400, 'invalid', 'enterprise_uscc');
    r = await c.post(`/api/v1/staff/${p.id}/conflicts`, {
      enterprise_id: 777, enterprise_name: '某某化工有限公司', reason: '兄弟任该企业法定代表人', valid_from: '2025-01-01',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await c.get(`/api/v1/staff/${p.id}/eligibility?enterprise=777`);
    assert.equal(r.body.eligible, false);
    const reason = r.body.reasons.find((x) => x.code === 'conflict');
    assert.ok(reason && reason.message.includes('回避') && reason.message.includes('某某化工有限公司'));
    r = await c.get(`/api/v1/staff/${p.id}/eligibility?enterprise=778`);
    assert.equal(r.body.eligible, true);
    assertError(await c.get(`/api/v1/staff/${p.id}/eligibility?enterprise=abc`), 400, 'invalid', 'enterprise');
  });

  test('a street officer: granted item ok, other item refused, refused after revocation', async () => {
    const street = await unitId('京山街道办事处');
    const leader = await as('leader');
    let r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'API-ITEM-1', kind: 'grant', valid_from: '2025-01-01', document: '青府发〔2025〕9号' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const powerId = r.body.id;
    const p = await personByName('彭勇');
    const c = await as('officer1');
    r = await c.get(`/api/v1/staff/${p.id}/eligibility?item=API-ITEM-1`);
    assert.equal(r.body.eligible, true, JSON.stringify(r.body));
    r = await c.get(`/api/v1/staff/${p.id}/eligibility?item=API-ITEM-2`);
    assert.equal(r.body.eligible, false);
    assert.ok(r.body.reasons.some((x) => x.code === 'not_granted' && x.message.includes('API-ITEM-2')));
    r = await leader.post(`/api/v1/units/${street}/powers/${powerId}/revoke`, { reason: '职责调整' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await c.get(`/api/v1/staff/${p.id}/eligibility?item=API-ITEM-1`);
    assert.equal(r.body.eligible, false);
    assert.ok(r.body.reasons.some((x) => x.code === 'not_granted' && x.message.includes('撤销')));
  });

  test('every reason is reported; bad dates and unknown people are 4xx', async () => {
    const p = await personByName('姜涛');
    const r = await (await as('leader')).get(`/api/v1/staff/${p.id}/eligibility`);
    assert.deepEqual(r.body.reasons.map((x) => x.code), ['not_in_service', 'certificate_revoked']);
    assertError(await (await as('leader')).get(`/api/v1/staff/${p.id}/eligibility?date=20260101`), 400, 'invalid', 'date');
    assertError(await (await as('leader')).get('/api/v1/staff/999999/eligibility'), 404, 'not_found');
  });
});

describe('masking and scope', () => {
  test('an officer sees other people masked, themself whole; the keeper sees whole', async () => {
    const other = await personByName('刘芳');
    const mine = await personByName('李明');
    const officer = await as('officer1');
    let r = await officer.get(`/api/v1/staff/${other.id}`);
    assert.equal(r.status, 200);
    assert.match(r.body.id_number, /^\d{4}\*{10}[\dX]{4}$/);
    assert.match(r.body.phone, /\*{4}/);
    assert.equal(r.body.masked, true);
    r = await officer.get(`/api/v1/staff/${mine.id}`);
    assert.equal(r.body.masked, false);
    assert.match(r.body.id_number, /^\d{17}[\dX]$/);
    r = await (await as('leader')).get('/api/v1/staff?limit=200');
    const own = r.body.items.filter((x) => x.account && x.account.username === 'leader');
    assert.equal(own.length, 1);
    assert.equal(own[0].masked, false);
    assert.ok(r.body.items.filter((x) => x !== own[0]).every((x) => x.id_number.includes('*') && x.masked));
    r = await (await as('brigade')).get(`/api/v1/staff/${other.id}`);
    assert.equal(r.body.masked, false);
    // the expert pool masks phones too
    r = await officer.get('/api/v1/experts');
    assert.ok(r.body.items.length >= 5);
    assert.ok(r.body.items.every((x) => !x.phone || x.phone.includes('*')));
    assert.ok(r.body.fields.includes('危化'));
  });

  test('a street account sees and edits only its own area', async () => {
    const s = await as('street1');
    let r = await s.get('/api/v1/staff?limit=200');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 2);
    assert.ok(r.body.items.every((x) => x.unit_name === '洪都街道办事处'), JSON.stringify(r.body.items.map((x) => x.unit_name)));
    const outside = await personByName('刘芳');
    assertError(await s.get(`/api/v1/staff/${outside.id}`), 403, 'out_of_scope', 'id');
    assertError(await s.patch(`/api/v1/staff/${outside.id}`, { phone: '13900000000' }), 403, 'out_of_scope');
    assertError(await s.post(`/api/v1/staff/${outside.id}/certificates`,
      { number: 'X-1', issuer: 'x', valid_from: '2026-01-01', valid_to: '2027-01-01' }), 403, 'out_of_scope');
    assertError(await s.post('/api/v1/staff', {
      unit_id: await unitId('执法一中队'), kind: 'officer', name: '越界', id_number: newId(),
    }), 403, 'out_of_scope', 'unit_id');
    // inside the area: fine
    r = await s.post('/api/v1/staff', { unit_id: await unitId('洪都街道办事处'), kind: 'assistant', name: '街道新人', id_number: newId() });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // moving one of its people to another area is refused too
    assertError(await s.patch(`/api/v1/staff/${r.body.id}`, { unit_id: await unitId('京山街道办事处') }), 403, 'out_of_scope', 'unit_id');
  });

  test('roles without staff.admin cannot write; department cannot read', async () => {
    const p = await personByName('刘芳');
    assertError(await (await as('officer1')).patch(`/api/v1/staff/${p.id}`, { phone: '13900000000' }), 403, 'forbidden');
    assertError(await (await as('leader')).post('/api/v1/staff', {}), 403, 'forbidden');
    assertError(await (await as('dept1')).get('/api/v1/staff'), 403, 'forbidden');
    assert.equal((await (await as('supervisor')).get('/api/v1/staff')).status, 200);
  });
});

describe('linking an account to a person (user administration only)', () => {
  test('a street account cannot link itself to a person by PATCH or POST /staff; the admin route links, audited', async () => {
    const street = await as('street1');
    const admin = await as('admin');
    const all = (await admin.get('/api/v1/staff?limit=200')).body.items;
    const target = all.find((x) => x.unit_name === '洪都街道办事处' && !x.account && x.status === 'active');
    assert.ok(target, 'an unlinked person of 洪都街道');
    const streetUser = (await admin.get('/api/v1/users?q=street1')).body.items.find((u) => u.username === 'street1');
    const before = streetUser.person;
    // PATCH with username: refused naming 登录账号, nothing changed
    for (const username of ['street1', null]) {
      assertError(await street.patch(`/api/v1/staff/${target.id}`, { username, position: '冒名' }), 403, 'forbidden',
        'username', ['登录账号', '用户管理']);
    }
    let p = (await admin.get(`/api/v1/staff/${target.id}`)).body;
    assert.equal(p.account, null);
    assert.notEqual(p.position, '冒名');
    assert.deepEqual((await admin.get(`/api/v1/users/${streetUser.id}`)).body.person, before);
    // nor when creating a person
    assertError(await street.post('/api/v1/staff', {
      unit_id: await unitId('洪都街道办事处'), kind: 'officer', name: '冒名新人', id_number: newId(), username: 'street1',
    }), 403, 'forbidden', 'username', ['登录账号']);
    assert.equal((await admin.get(`/api/v1/staff?q=${encodeURIComponent('冒名新人')}`)).body.items.length, 0);
    // the street account has no access to the admin route
    assertError(await street.req('PUT', `/api/v1/users/${streetUser.id}/person`, { person_id: target.id }), 403, 'forbidden');
    // the administrator links it: the person now acts through street1, and only through it
    const r = await admin.req('PUT', `/api/v1/users/${streetUser.id}/person`, { person_id: target.id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.person.id, target.id);
    assert.equal(r.body.person.name, target.name);
    p = (await admin.get(`/api/v1/staff/${target.id}`)).body;
    assert.equal(p.account.username, 'street1');
    if (before) assert.equal((await admin.get(`/api/v1/staff/${before.id}`)).body.account, null);
    const audit = await admin.get(`/api/v1/audit?action=account.person&entity=account&entity_id=${streetUser.id}`);
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items[0].actor, 'admin');
    assert.equal(audit.body.items[0].change.after.person_id, target.id);
    // put back as it was
    const back = await admin.req('PUT', `/api/v1/users/${streetUser.id}/person`, { person_id: before ? before.id : null });
    assert.equal(back.status, 200, JSON.stringify(back.body));
  });
});

describe('changes', () => {
  test('a PATCH with one bad field changes nothing', async () => {
    const b = await as('brigade');
    const p = await personByName('何静');
    const r = await b.patch(`/api/v1/staff/${p.id}`, { position: '副中队长', phone: 'not-a-phone' });
    assertError(r, 400, 'invalid', 'phone');
    const after = await b.get(`/api/v1/staff/${p.id}`);
    assert.equal(after.body.position, p.position);
  });

  test('leaving needs a reason; the person is then not eligible; back in service', async () => {
    const b = await as('brigade');
    const p = await personByName('徐磊');
    assertError(await b.patch(`/api/v1/staff/${p.id}`, { status: 'left' }), 400, 'missing_field', 'left_reason');
    let r = await b.patch(`/api/v1/staff/${p.id}`, { status: 'left', left_reason: '借调' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'left');
    r = await b.get(`/api/v1/staff/${p.id}/eligibility`);
    assert.equal(r.body.reasons[0].code, 'not_in_service');
    r = await b.patch(`/api/v1/staff/${p.id}`, { status: 'active' });
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.left_reason, null);
    // a later change of another column writes that column only (a bug once
    // reused the cached status statement for it)
    r = await b.patch(`/api/v1/staff/${p.id}`, { position: '内勤' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.position, '内勤');
    assert.equal(r.body.status, 'active');
  });

  test('training, qualification and their voiding; the professional flag follows', async () => {
    const b = await as('brigade');
    const p = await personByName('何静');
    assert.equal(p.professional, false);
    let r = await b.post(`/api/v1/staff/${p.id}/trainings`, { kind: 'rotation', title: '轮训', held_on: '2026-03-01', hours: 0 });
    assertError(r, 400, 'invalid', 'hours');
    r = await b.post(`/api/v1/staff/${p.id}/trainings`, { kind: 'special', title: '危化专项', held_on: '2026-03-01', hours: 24, exam: 'pass', score: 91 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await b.post(`/api/v1/staff/${p.id}/qualifications`, { name: '注册安全工程师', number: 'Q-9' });
    assert.equal(r.status, 201);
    const qid = r.body.id;
    r = await b.get(`/api/v1/staff/${p.id}`);
    assert.equal(r.body.professional, true);
    assert.ok(r.body.professional_basis.some((x) => x.basis === 'qualification'));
    r = await b.post(`/api/v1/qualifications/${qid}/void`, { reason: '录入错误' });
    assert.equal(r.status, 200);
    r = await b.post(`/api/v1/qualifications/${qid}/void`, { reason: '再次' });
    assertError(r, 409, 'conflict');
    r = await b.get(`/api/v1/staff/${p.id}`);
    assert.equal(r.body.professional, false);
  });
});

describe('concurrency', () => {
  test('concurrent PATCHes: each person.update "before" is the previous entry\'s "after"', async () => {
    const b = await as('brigade');
    const p = await personByName('朱建军');
    let next = 0;
    const end = Date.now() + 1500;
    const worker = async () => {
      while (Date.now() < end) {
        const n = next++;
        const r = await b.patch(`/api/v1/staff/${p.id}`, { position: `岗位-${n}` });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const admin = await as('admin');
    const items = [];
    let cursor = null;
    do {
      const r = await admin.get(`/api/v1/audit?entity=person&entity_id=${p.id}&action=person.update&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...r.body.items);
      cursor = r.body.next_cursor;
    } while (cursor);
    const updates = items.sort((x, y) => x.seq - y.seq);
    assert.equal(updates.length, next);
    let prev = p.position;
    const wrong = [];
    for (const e of updates) {
      if (e.change.before.position !== prev) wrong.push(`seq ${e.seq}: before=${e.change.before.position}, previous=${prev}`);
      prev = e.change.after.position;
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.equal((await b.get(`/api/v1/staff/${p.id}`)).body.position, prev);
  });
});

describe('reports', () => {
  test('professional ratio: per unit against 75%, whole bureau total', async () => {
    const r = await (await as('supervisor')).get('/api/v1/professional-ratio');
    assert.equal(r.status, 200);
    assert.equal(r.body.target_percent, 75);
    const byName = Object.fromEntries(r.body.units.map((u) => [u.unit_name, u]));
    assert.equal(byName['执法二中队'].meets_target, false);
    assert.equal(byName['青云谱区应急管理局'].meets_target, true);
    const sum = r.body.units.reduce((n, u) => n + u.counted, 0);
    assert.equal(r.body.total.counted, sum);
    // a street account gets its own street only
    const s = await (await as('street1')).get('/api/v1/professional-ratio');
    assert.deepEqual(s.body.units.map((u) => u.unit_name), ['洪都街道办事处']);
  });

  test('filters: unit with its sub-units, kind, certificate state', async () => {
    const c = await as('leader');
    const brigade = await unitId('青云谱区应急管理综合行政执法大队');
    let r = await c.get(`/api/v1/staff?unit=${brigade}&limit=200`);
    const units = new Set(r.body.items.map((x) => x.unit_name));
    assert.ok(units.has('执法一中队') && units.has('执法二中队') && !units.has('洪都街道办事处'));
    r = await c.get('/api/v1/staff?kind=assistant&limit=200');
    assert.ok(r.body.items.length >= 5 && r.body.items.every((x) => x.kind === 'assistant'));
    r = await c.get('/api/v1/staff?cert=expired&limit=200');
    assert.ok(r.body.items.length >= 2 && r.body.items.every((x) => x.cert_state === 'expired'));
    assertError(await c.get('/api/v1/staff?cert=lost'), 400, 'invalid', 'cert');
    // cursor paging walks everyone once
    const ids = [];
    let cursor = null;
    do {
      r = await c.get(`/api/v1/staff?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...r.body.items.map((x) => x.id));
      cursor = r.body.next_cursor;
    } while (cursor);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.length >= 40);
  });
});

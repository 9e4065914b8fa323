// Browser journey of the 工作台 counts (web/src/views/WorkbenchView.vue over
// GET /api/v1/workbench): the leader sees the inspection and hazard cards
// with the numbers the API gives; the late-reports count opens the
// inspection list filtered to them; the overdue-hazards count opens 隐患整改
// with "逾期" already ticked and exactly that many rows; the department
// account sees only its notifications card. playwright-core with Debian's
// chromium against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';
import { Client } from '../lib/server.mjs';

const suite = browserSuite({ timeout: 15000 });
const { openPage } = suite;

test('leader: counts as the API gives them; a count opens its filtered list', async (t) => {
  const c = new Client(suite.server.url);
  await c.login('leader');
  const w = (await c.get('/api/v1/workbench')).body;
  assert.ok(w.hazards.overdue > 0, 'the demo has an overdue hazard');
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'leader');
  await page.getByTestId('wb-inspection').waitFor();
  const num = async (k) => Number((await page.getByTestId(`wb-${k}`).locator('strong').innerText()).trim());
  assert.equal(await num('hazardOverdue'), w.hazards.overdue);
  assert.equal(await num('hazardOpen'), w.hazards.open);
  assert.equal(await num('reportedLate'), w.inspections.reported_late_this_year);
  assert.equal(await num('missingRecording'), w.inspections.missing_recording);
  assert.equal(await num('unread'), w.notifications_unread);
  // the late count opens the inspection list filtered to late reports
  await page.getByTestId('wb-reportedLate').click();
  await page.waitForURL('**/inspections?late=true&from=*');
  await page.getByText('仅逾期填报').waitFor();
  await page.locator('[data-testid^="insp-late-"]').first().waitFor();
  assert.equal(await page.locator('[data-testid^="insp-late-"]').count(), w.inspections.reported_late_this_year);
  await page.goBack();
  await page.getByTestId('wb-hazardOverdue').click();
  await page.waitForURL('**/hazards?overdue=true');
  await page.locator('.el-table__body tr').first().waitFor();
  assert.equal(await page.locator('.el-table__body tr').count(), w.hazards.overdue);
  assert.deepEqual(problems, []);
});

test('department account: only its notifications', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'dept1');
  await page.getByTestId('wb-todo').waitFor();
  assert.equal(await page.getByTestId('wb-inspection').count(), 0);
  assert.equal(await page.getByTestId('wb-hazard').count(), 0);
  assert.deepEqual(problems, []);
});

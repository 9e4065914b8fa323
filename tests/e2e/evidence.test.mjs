// Browser journey of the evidence page (web/src/views/evidence/,
// web/src/components/EvidenceList.vue): officer1 opens 证据与音像记录 for an
// inspection, uploads a photo with the file picker (the body is the file,
// streamed by the server), sees it shown with its SHA-256, voids it with
// a reason (kept, shown under 显示已作废), uploads the session's audio and
// records the on-site audio-video session with triggers, device, officer and that file (keep_until from the rule);
// the page fits a 375 px phone. playwright-core with Debian's chromium
// against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, Client } from '../lib/server.mjs';

const TIMEOUT = 15000;
// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
// a 44-byte WAV header with 8 samples of silence: the recording's audio file
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([44, 0, 0, 0]), Buffer.from('WAVEfmt '),
  Buffer.from([16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x40, 0x1f, 0, 0, 1, 0, 8, 0]),
  Buffer.from('data'), Buffer.from([8, 0, 0, 0]), Buffer.alloc(8, 0x80)]);
let server;
let browser;
let insp;

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  browser = await launchBrowser();
  const c = new Client(server.url);
  await c.login('officer1');
  // one of officer1's own inspections: only its officers void and file recordings
  insp = (await c.get('/api/v1/inspections?mine=true&limit=1')).body.items[0];
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });

test('officer1 uploads a photo, sees its hash, voids it with a reason, records an on-site session', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.getByTestId('menu-evidence').click();
  await page.waitForURL('**/evidence**');
  await page.getByTestId('evidence-link-id').fill(String(insp.id));
  await page.getByTestId('evidence-show').click();
  await page.getByTestId('evidence-empty').waitFor();
  await page.getByTestId('evidence-file').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  const card = page.locator('[data-testid^="evidence-"].zf-evidence-card').first();
  await card.waitFor();
  const sha = createHash('sha256').update(PNG).digest('hex');
  assert.match(await card.getByTestId('evidence-sha').innerText(), new RegExp(sha.slice(0, 16)));
  assert.match(await card.innerText(), /现场\.png/);
  assert.equal(await card.locator('img').evaluate((img) => img.naturalWidth), 1);

  await card.getByText('作废').click();
  const box = page.locator('.zf-evidence-void-box');
  await box.locator('input').fill('拍错对象');
  await box.locator('.el-button--primary').click();
  await page.getByTestId('evidence-empty').waitFor();
  await page.getByTestId('evidence-show-voided').click();
  await page.getByTestId('evidence-void-reason').waitFor();
  assert.match(await page.getByTestId('evidence-void-reason').innerText(), /拍错对象/);

  // the recording's audio file is uploaded first (a recording is its files)
  await page.getByTestId('evidence-file').setInputFiles({ name: '执法记录仪.wav', mimeType: 'audio/wav', buffer: WAV });
  await page.locator('.zf-evidence-card', { hasText: '执法记录仪.wav' }).first().waitFor();

  await page.getByRole('tab', { name: '全过程音像记录' }).click();
  await page.getByTestId('av-new').click();
  const dialog = page.getByTestId('av-dialog');
  await dialog.getByTestId('av-started').fill('2026-06-01T09:00');
  await dialog.getByTestId('av-ended').fill('2026-06-01T10:30');
  await dialog.getByTestId('av-start-trigger').fill('出示执法证件');
  await dialog.getByTestId('av-end-trigger').fill('交流反馈结束');
  await dialog.getByTestId('av-device').fill('DSJ-E2E');
  await dialog.getByTestId('av-officer').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: insp.people[0].name }).first().click();
  await dialog.getByTestId('av-files').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '执法记录仪.wav' }).first().click();
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('av-save').click();
  const row = page.getByTestId('av-table').locator('tbody tr').first();
  await row.getByText('DSJ-E2E').waitFor();
  assert.match(await row.innerText(), /现场检查/);
  assert.match(await row.innerText(), /2026-11-28/);
  assert.deepEqual(problems, []);
});

test('the evidence page fits a 375 px phone', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 812 });
  await uiLogin(page, 'officer1');
  await page.goto(`/evidence?link_kind=inspection&link_id=${insp.id}`);
  await page.getByTestId('evidence-list').waitFor();
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= 375, `page is ${width} px wide`);
  assert.deepEqual(problems, []);
});

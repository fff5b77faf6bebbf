// Fills in fields of one entry through Decap CMS's form in headless Chromium and publishes
// it: the objects named in `expand` are opened in order, then each text field and each
// choice is filled in by its label.
// Usage: node fill_entry.mjs NODE_MODULES TASK.json; prints a JSON report on stdout.
// TASK: {url, chromium, flags, entry, expand: [label], texts: {label: text},
//        selects: {label: shown}, shots}
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [nodeModules, taskFile] = process.argv.slice(2);
const task = JSON.parse(fs.readFileSync(taskFile, 'utf8'));
const require = createRequire(path.join(nodeModules, 'playwright-core', 'package.json'));
const { chromium } = require('playwright-core');

const report = { errors: [] };
const browser = await chromium.launch({ executablePath: task.chromium, args: task.flags });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (error) => report.errors.push(error.message));
  page.setDefaultTimeout(20000);

  const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const label = (text) =>
    page
      .locator('label')
      .filter({ visible: true })
      .filter({ hasText: new RegExp(`^${escaped(text)}`) })
      .first();
  const control = async (text) => page.locator(`[id="${await label(text).getAttribute('for')}"]`);
  const expand = async (text) => {
    const id = await label(text).getAttribute('for');
    await page.locator(`[id="${id}"] > div:first-child [data-testid="expand-button"]`).click();
  };

  await page.goto(task.url);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.goto(`${task.url}#/collections/${task.entry}`);
  for (const name of task.expand) {
    await expand(name);
  }
  for (const [name, shown] of Object.entries(task.selects)) {
    await (await control(name)).click();
    await page.keyboard.type(shown);
    await page.keyboard.press('Enter');
  }
  for (const [name, text] of Object.entries(task.texts)) {
    await (await control(name)).fill(text);
  }
  await page.screenshot({ path: path.join(task.shots, 'formular.png'), fullPage: true });
  await page.getByText('Publicera', { exact: true }).click();
  await page.getByText('Publicera nu', { exact: true }).click();
  await page.getByText('Publicerad', { exact: true }).waitFor();
  report.published = true;
} catch (error) {
  report.errors.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));

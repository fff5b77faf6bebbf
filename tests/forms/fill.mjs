// Fills in a delmål's analysis and assessment for one period through Decap CMS's form in
// headless Chromium, publishes it, and runs axe-core on the login page and the form.
// Usage: node fill.mjs NODE_MODULES TASK.json; prints a JSON report on stdout.
// TASK: {url, chromium, flags, entry, delmal, period, texts: {label: text}, bedomning,
//        axe, wcag, shots}
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [nodeModules, taskFile] = process.argv.slice(2);
const task = JSON.parse(fs.readFileSync(taskFile, 'utf8'));
const require = createRequire(path.join(nodeModules, 'playwright-core', 'package.json'));
const { chromium } = require('playwright-core');

const report = { errors: [], axe: {} };
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
  // A field's control: the element its label names.
  const control = async (text) => page.locator(`[id="${await label(text).getAttribute('for')}"]`);
  // An object widget opens with the expand button at the top of the element its label names.
  const expand = async (text) => {
    const id = await label(text).getAttribute('for');
    await page.locator(`[id="${id}"] > div:first-child [data-testid="expand-button"]`).click();
  };
  const axe = async (name) => {
    await page.addScriptTag({ path: task.axe });
    report.axe[name] = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
        html: v.nodes.map((n) => n.html.slice(0, 200)),
      }));
    }, task.wcag);
  };

  await page.goto(task.url);
  await page.getByRole('button', { name: 'Logga in' }).waitFor();
  report.title = await page.title();
  report.lang = await page.evaluate(() => document.documentElement.lang);
  await axe('login');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.goto(`${task.url}#/collections/${task.entry}`);

  // The delmål's item in the list, then its follow-up, the period and the analysis.
  await page
    .getByText(`Delmål ${task.delmal}`, { exact: true })
    .locator('xpath=preceding-sibling::div[1]//button[1]')
    .click();
  await expand('Uppföljning');
  await expand(task.period);
  await expand('Analys');
  for (const [name, text] of Object.entries(task.texts)) {
    await (await control(name)).fill(text);
  }
  await (await control('Bedömning')).click();
  await page.keyboard.type(task.bedomning);
  await page.keyboard.press('Enter');
  await page.screenshot({ path: path.join(task.shots, 'formular.png'), fullPage: true });
  await axe('form');

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

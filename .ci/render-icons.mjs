// Renders docs/store/icon.svg to public/icon/{16,32,48,128}.png with the same Chromium the tests
// use (playwright-core, CHROMIUM_PATH or /usr/bin/chromium): `npm run icons`. With --preview it
// also writes .tmp/icon-preview.png, every size on a light and a dark toolbar colour.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const SIZES = [16, 32, 48, 128];
const svg = fs.readFileSync('docs/store/icon.svg', 'utf8');
const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${size}" height="${size}">`);
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
    console.log(`public/icon/${size}.png`);
  }
  if (process.argv.includes('--preview')) {
    const row = (bg) =>
      `<div style="background:${bg};padding:8px;display:flex;gap:12px;align-items:center">${SIZES.map((s) => `<img src="../public/icon/${s}.png" width="${s}" height="${s}">`).join('')}</div>`;
    fs.mkdirSync('.tmp', { recursive: true });
    fs.writeFileSync('.tmp/icon-preview.html', `<body style="margin:0">${['#f9f9fb', '#ffffff', '#dee1e6', '#2b2a33', '#202124', '#3c3c3c'].map(row).join('')}</body>`);
    await page.setViewportSize({ width: 300, height: 6 * 144 });
    await page.goto(`file://${process.cwd()}/.tmp/icon-preview.html`);
    await page.screenshot({ path: '.tmp/icon-preview.png', fullPage: true });
    console.log('.tmp/icon-preview.png');
  }
} finally {
  await browser.close();
}

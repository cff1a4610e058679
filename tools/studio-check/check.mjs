// Browser check of `vexpress studio`: clicks through one generation on the tiny stand-in bundle in Debian's
// Chromium and saves a screenshot (out/studio.png).
//
// Set-up (Debian 12, once):
//     flock -x /work/locks/apt apt-get install -y chromium      # or: apt-get install -y chromium
//     (cd tools/studio-check && npm install)                     # playwright-core only: it downloads no browser
// Run from the repository root after `mvn -B -ntp -DskipTests package`:
//     node tools/studio-check/check.mjs [--chromium /usr/bin/chromium] [--keep]
// Checked with Chromium 1xx from Debian bookworm and playwright-core 1.65.1 (see the report in docs/studio.md).
//
// What it does: `vexpress demo --work_dir` leaves the tiny bundle and the demo's speech and head motion; the
// committed test portrait (vexpress-media's ten_256.jpg, sample 10 of V-Express halved) is the photo. The studio
// runs on a free port with a fresh work folder; the page gets the three files, face_crop, loop timing, 2 steps at
// 128x128; the script waits for the keypoint preview, starts, waits for "done" and the result video, and screenshots.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const chromiumPath = args.includes('--chromium') ? args[args.indexOf('--chromium') + 1] : '/usr/bin/chromium';
const root = resolve(new URL('../..', import.meta.url).pathname);
const jar = join(root, 'vexpress-examples/target/vexpress.jar');
const portrait = join(root, 'vexpress-media/src/test/resources/golden/face-samples/ten_256.jpg');
const out = join(root, 'tools/studio-check/out');
if (!existsSync(jar)) throw new Error(jar + ' is missing: run mvn -B -ntp -DskipTests package first');
if (!existsSync(chromiumPath)) throw new Error(chromiumPath + ' is missing: apt-get install -y chromium');
mkdirSync(out, { recursive: true });

const scratch = mkdtempSync(join(tmpdir(), 'vexpress-studio-check-'));
const demo = join(scratch, 'demo');
console.log('making the demo inputs in', demo);
execFileSync('java', ['-jar', jar, 'demo', '--work_dir', demo, '--seconds', '1.5', '--num_inference_steps', '1',
  '-o', join(scratch, 'demo.mp4'), '-q'], { stdio: 'inherit' });

const studio = spawn('java', ['-jar', jar, 'studio', '--models', join(demo, 'tiny-bundle'), '--port', '0',
  '--work_dir', join(scratch, 'work')], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((ok, fail) => {
  let seen = '';
  studio.stdout.on('data', (d) => {
    seen += d;
    process.stdout.write(d);
    const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/);
    if (m) ok(m[0]);
  });
  studio.on('exit', (code) => fail(new Error('studio exited with ' + code)));
  setTimeout(() => fail(new Error('no address printed within 60 s')), 60000);
});

const profile = mkdtempSync(join(tmpdir(), 'vexpress-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1000 },
});
let failed = false;
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => console.log('page:', m.text()));
  await page.goto(url);
  await page.setInputFiles('#file-portrait', portrait);
  await page.waitForSelector('#drop-portrait.ok');
  await page.setInputFiles('#file-audio', join(demo, 'speech.wav'));
  await page.waitForSelector('#drop-audio.ok');
  await page.setInputFiles('#file-motion', join(demo, 'kps.pth'));
  await page.waitForSelector('#drop-motion.ok');
  await page.selectOption('#strategy', 'offset_retarget');
  await page.selectOption('#image_fit', 'face_crop');
  await page.selectOption('#kps_timing', 'loop');
  await page.fill('#steps', '2');
  await page.selectOption('#size', '128');
  await page.waitForFunction(() => /frames at/.test(document.getElementById('preview-status').textContent), null, { timeout: 120000 });
  console.log('preview:', await page.textContent('#preview-status'));
  await page.click('#start');
  await page.waitForFunction(() => /step \d+\/\d+/.test(document.getElementById('progress-text').textContent), null, { timeout: 120000 });
  console.log('progress:', await page.textContent('#progress-text'));
  await page.waitForFunction(() => /^done/.test(document.getElementById('progress-text').textContent), null, { timeout: 300000 });
  console.log('result:', await page.textContent('#progress-text'));
  await page.waitForFunction(() => {
    const v = document.getElementById('result-video');
    return v.readyState >= 2 || v.error;
  }, null, { timeout: 60000 });
  const videoError = await page.evaluate(() => document.getElementById('result-video').error?.code || 0);
  console.log('result video', videoError ? 'cannot play here (MediaError ' + videoError + ')' : 'loaded in the page');
  await page.waitForFunction(() => document.querySelectorAll('#jobs li .state.done').length >= 1);
  await page.screenshot({ path: join(out, 'studio.png'), fullPage: true });
  console.log('screenshot:', join(out, 'studio.png'));
} catch (e) {
  failed = true;
  console.error('studio check failed:', e.message);
} finally {
  await context.close();
  studio.kill('SIGTERM');
  if (!args.includes('--keep')) {
    rmSync(scratch, { recursive: true, force: true });
  }
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

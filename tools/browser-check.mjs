// A real browser at the dashboard of `prometeu serve`: Debian's Chromium,
// headless, driven by playwright-core. Run by tools/browser-check.sh.
//
// 1. The page opens, takes the snapshot and follows /events (EventSource).
// 2. A build started from outside (POST /operations) shows up live:
//    its start line, then "build succeeded".
// 3. The server is stopped and started again on the same port: the
//    browser's EventSource reconnects by itself, with Last-Event-ID, and a
//    second build shows up too, with nothing of the first shown twice.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const [prometeu, project, screenshot] = process.argv.slice(2);
const token = 'browser-check-token-0123456789';

async function serve(port) {
  const child = spawn(prometeu, ['serve', project, '--token', token, '--port', String(port), '--heartbeat', '1'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  const first = JSON.parse(chunk.toString().split('\n')[0]);
  return { child, url: first.url, port: Number(new URL(first.url).port) };
}
async function build(url) {
  const reply = await fetch(url + 'operations', { method: 'POST', headers: { Authorization: 'Bearer ' + token },
                                                  body: JSON.stringify({ operation: 'build' }) });
  if (reply.status !== 202) throw new Error('POST /operations answered ' + reply.status);
  return (await reply.json()).operation_id;
}
const fail = (why) => { console.error('FAIL: ' + why); process.exit(1); };

let server = await serve(0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
const streams = [];
page.on('request', (r) => { if (r.url().includes('/events')) streams.push(r); });
await page.goto(server.url + '?token=' + token);
await page.waitForFunction(() => document.getElementById('seq').textContent.startsWith('seq'));
const logLines = () => page.$$eval('#log div', (divs) => divs.map((d) => d.textContent).reverse());

await build(server.url);
await page.waitForFunction(() => [...document.querySelectorAll('#log div')].some((d) => /^build succeeded/.test(d.textContent)),
                           null, { timeout: 30000 });
let lines = await logLines();
const started = lines.findIndex((l) => l.startsWith('build: '));
const finished = lines.findIndex((l) => l.startsWith('build succeeded'));
if (started < 0 || finished < started) fail('the build did not show start then finish: ' + JSON.stringify(lines));
console.log('live build seen: ' + lines[started] + ' / ' + lines[finished]);
await page.screenshot({ path: screenshot });

// Stop the server and start it again where it was.
server.child.kill('SIGTERM');
await once(server.child, 'exit');
await page.waitForFunction(() => document.getElementById('state').textContent.startsWith('reconnecting'), null, { timeout: 10000 });
server = await serve(server.port);
await build(server.url);
await page.waitForFunction(() => [...document.querySelectorAll('#log div')].filter((d) => /^build succeeded/.test(d.textContent)).length >= 2,
                           null, { timeout: 30000 });
lines = await logLines();
const resumed = streams.at(-1);
const lastEventId = (await resumed.allHeaders())['last-event-id'];
if (streams.length < 2 || !lastEventId) fail('the browser did not reconnect with Last-Event-ID');
// Two builds, each started and finished once: a replay across the
// reconnect would show the first build again.
const count = (prefix) => lines.filter((l) => l.startsWith(prefix)).length;
if (count('build: ') !== 2 || count('build succeeded') !== 2) fail('expected each build once: ' + JSON.stringify(lines));
console.log('reconnected with Last-Event-ID ' + lastEventId + '; second build seen; ' + lines.length + ' lines, each build once');
await browser.close();
server.child.kill('SIGTERM');
await once(server.child, 'exit');
console.log('PASS');

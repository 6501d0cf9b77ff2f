// The panel's post throttle: coalesces frequent updates and never loses the last one. The second test
// is the UI failure it fixes: docker 20.10's BuildKit printed every step of a cached build within
// milliseconds of the panel's "Building…" post; the old throttle dropped each of those updates (< 300 ms
// after the last post) and nothing posted again while the long RUN step ran (its output lines change no
// step), so the panel showed no step at all for minutes.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle } from '../../../client/src/panel/throttle';
import { BuildProgress } from '../../../server/src/docker/buildProgress';
import { toBuildStepViews } from '../../../client/src/panel/viewModel';
import type { BuildStepView } from '../../../client/src/panel/messages';

test('throttle: the first update goes at once, a burst goes once at the end of the interval with the latest state, now() supersedes', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    let state = 0;
    const sent: number[] = [];
    const throttle = new Throttle(() => sent.push(state), 300);
    state = 1;
    throttle.soon();
    assert.deepEqual(sent, [1], 'nothing sent for 300 ms before: at once');
    for (state = 2; state <= 5; state++) throttle.soon();
    state = 5;
    assert.deepEqual(sent, [1], 'within the interval: held');
    assert.equal(throttle.pending, true);
    mock.timers.tick(299);
    assert.deepEqual(sent, [1]);
    mock.timers.tick(1);
    assert.deepEqual(sent, [1, 5], 'one send at the end of the interval, with the latest state');
    assert.equal(throttle.pending, false);
    // an immediate send replaces a pending one
    state = 6;
    throttle.soon();
    assert.equal(throttle.pending, true);
    state = 7;
    throttle.now();
    mock.timers.tick(1000);
    assert.deepEqual(sent, [1, 5, 7]);
    // dispose drops what is pending
    throttle.now();
    state = 8;
    throttle.soon();
    assert.equal(throttle.pending, true);
    throttle.dispose();
    mock.timers.tick(1000);
    assert.deepEqual(sent, [1, 5, 7, 7]);
  } finally {
    mock.timers.reset();
  }
});

/** What docker 20.10 (DOCKER_BUILDKIT=1, --progress=plain) printed for the UI test's build, read from its log. */
const CACHED_BUILD_BURST = [
  '#1 [internal] load build definition from Dockerfile',
  '#1 sha256:809f2e1761c6253ecd417fc3495690c981a84829697ea977eaf1ec12cfd89510',
  '#1 transferring dockerfile: 367B done',
  '#1 DONE 0.0s',
  '',
  '#2 [internal] load .dockerignore',
  '#2 transferring context: 65B 0.0s done',
  '#2 DONE 0.0s',
  '',
  '#3 [internal] load metadata for docker.io/library/debian:bookworm-slim',
  '#3 DONE 0.0s',
  '',
  '#4 [1/5] FROM docker.io/library/debian:bookworm-slim',
  '#4 DONE 0.0s',
  '',
  '#7 [internal] load build context',
  '#7 transferring context: 65B 0.0s done',
  '#7 DONE 0.0s',
  '',
  '#5 [2/5] RUN head -c 20000000 /dev/urandom > /blob.bin',
  '#5 CACHED',
  '',
  '#6 [3/5] RUN rm /blob.bin',
  '#6 CACHED',
  '',
  '#8 [4/5] COPY hello.txt /hello.txt',
  '#8 CACHED',
  '',
  '#9 [5/5] RUN echo run-1796294441949 && for i in $(seq 300); do echo tick $i; sleep 1; done',
  '#9 sha256:a582d030479a1989667560f83a671085778e377367039507cf7c50270beb5362',
  '#9 0.125 run-1796294441949',
  '#9 0.128 tick 1',
];

test('a cached build printed in one burst right after "Building…": the panel gets every step and the running RUN within 300 ms', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 2_000_000 });
  try {
    // The controller's path: startBuild posts at once; each step change posts throttled; the posted
    // state is read when sent.
    let steps: BuildStepView[] = [];
    const posted: BuildStepView[][] = [];
    const posts = new Throttle(() => posted.push(steps), 300);
    posts.now(); // startBuild: "Building panel-app/Dockerfile…", no steps yet
    mock.timers.tick(40); // the CLI starts and prints the whole cached part in one chunk
    const progress = new BuildProgress((list) => {
      steps = toBuildStepViews(list);
      posts.soon();
    });
    for (const line of CACHED_BUILD_BURST) progress.plainLine(line);
    // the RUN step then only prints its output, once a second: no step changes
    for (let i = 2; i <= 5; i++) {
      mock.timers.tick(1000);
      progress.plainLine(`#9 ${i - 1}.130 tick ${i}`);
    }
    const shown = posted.at(-1) ?? [];
    const running = shown.filter((s) => s.status === 'running').map((s) => s.name);
    assert.deepEqual(
      running,
      ['[5/5] RUN echo run-1796294441949 && for i in $(seq 300); do echo tick $i; sleep 1; done'],
      `last posted steps: ${JSON.stringify(shown)}`,
    );
    assert.deepEqual(
      shown.map((s) => s.status),
      ['done', 'cached', 'cached', 'cached', 'running'],
      'FROM done, three cached, the RUN running ([internal] steps are not shown)',
    );
    assert.ok(posted.length <= 3, `posts are still coalesced: ${posted.length}`);
  } finally {
    mock.timers.reset();
  }
});

// The size panel's page script (bundled to dist/media/panel.js). Renders only from validated
// `state` messages, builds the DOM with textContent and a short attribute allow-list (never
// innerHTML), so anything the daemon says — tags, labels, paths, history — stays text.
import {
  ON_DISK_LABEL,
  ON_DISK_TITLE,
  parseToWebview,
  type BuildView,
  type CompareSide,
  type CompareView,
  type FromWebview,
  type ImageItem,
  type LayerItem,
  type PanelState,
  type SelectedImageView,
  type SplitView,
} from '../src/panel/messages';

/** What the page remembers across reloads of the webview (VS Code keeps it per view). */
interface PageMemory {
  /** Sections folded by the user: `built`, `images`. */
  folded?: string[];
}
declare function acquireVsCodeApi(): {
  postMessage(message: FromWebview): void;
  getState?(): PageMemory | undefined;
  setState?(state: PageMemory): void;
};
const vscode = acquireVsCodeApi();
const folded = new Set(vscode.getState?.()?.folded ?? []);
let lastSelected: string | undefined;
const app = document.getElementById('app')!;
const mode = document.body.dataset.mode === 'compare' ? 'compare' : 'view';
let showBase = false;
let filterTimer: ReturnType<typeof setTimeout> | undefined;
let current: PanelState | undefined;

type Child = Node | string | false | undefined;
const ATTRIBUTES = /^(class|title|type|value|placeholder|disabled|role|tabindex|for|id|open|aria-[a-z]+|data-[a-z-]+)$/;

function h(
  tag: string,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (!ATTRIBUTES.test(name)) throw new Error(`attribute ${name} is not allowed`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === false || child === undefined) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Text whose `backticked` parts show as code: still text nodes only, never parsed as markup. */
function prose(text: string): Child[] {
  const parts = text.split('`');
  // an odd count of backticks leaves the last one literal
  if (parts.length % 2 === 0) return [text];
  return parts.map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));
}

function on<K extends keyof HTMLElementEventMap>(
  el: HTMLElement,
  event: K,
  handler: (e: HTMLElementEventMap[K]) => void,
): HTMLElement {
  el.addEventListener(event, handler);
  return el;
}

/** A CSS bar: width set through the CSSOM, which the CSP allows (inline style attributes it does not). */
function bar(percent: number, kind = ''): HTMLElement {
  const fill = h('span', { class: `bar-fill ${kind}`, 'data-testid': 'bar' });
  fill.style.width = `${Math.max(0.5, Math.min(100, percent))}%`;
  return h('span', { class: 'bar' }, fill);
}

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function button(label: string, testid: string, message: FromWebview, disabled = false, title?: string): HTMLElement {
  return on(h('button', { type: 'button', 'data-testid': testid, disabled, title }, label), 'click', () =>
    post(message),
  );
}

function header(state: PanelState): HTMLElement {
  const canBuild = state.trusted && !!state.dockerfile && !state.busy && !state.build?.running;
  const why = !state.trusted
    ? 'Untrusted workspace: Layerwise builds nothing'
    : !state.dockerfile
      ? 'Open a Dockerfile first'
      : undefined;
  return h(
    'header',
    { class: 'header' },
    h(
      'div',
      {
        class: `connection ${state.connection.ok ? 'ok' : 'down'}`,
        'data-testid': 'connection',
        title: state.connection.label,
      },
      `Docker: ${state.connection.label}`,
    ),
    h(
      'div',
      { class: 'actions' },
      button('Refresh', 'refresh', { type: 'command', command: 'refresh' }),
      mode === 'view' && button('Build and Measure', 'build', { type: 'command', command: 'build' }, !canBuild, why),
      mode === 'view' &&
        button('Compare with split', 'compare-split', { type: 'command', command: 'compareSplit' }, !canBuild, why),
    ),
    !state.trusted &&
      h(
        'p',
        { class: 'note', 'data-testid': 'untrusted' },
        'Untrusted workspace: images can be read, nothing is built.',
      ),
  );
}

function problem(state: PanelState): Child {
  if (!state.problem) return undefined;
  const p = state.problem;
  return h(
    'section',
    { class: 'problem', role: 'alert', 'data-testid': 'problem', 'data-kind': p.kind },
    h('strong', {}, p.title),
    h('p', {}, ...prose(p.message)),
    h('p', { class: 'fix' }, ...prose(p.fix)),
  );
}

function imageRow(item: ImageItem, state: PanelState): HTMLElement {
  const selected = state.selected?.id === item.id;
  const row = h(
    'li',
    {
      class: `image${selected ? ' selected' : ''}`,
      'data-testid': 'image-row',
      'data-id': item.id,
      tabindex: 0,
      role: 'button',
      title: item.tags.join(', ') || item.id,
    },
    h('span', { class: 'name' }, item.name),
    h('span', { class: 'size', title: ON_DISK_TITLE }, item.sizeText),
    h('span', { class: 'age' }, item.ageText),
  );
  const select = () => post({ type: 'select', imageId: item.id });
  on(row, 'click', select);
  on(row, 'keydown', (e) => (e.key === 'Enter' || e.key === ' ') && select());
  return row;
}

function imageLists(state: PanelState): HTMLElement {
  const page = state.images;
  const focused = document.activeElement?.getAttribute('data-testid') === 'image-filter';
  const filter = h('input', {
    type: 'search',
    placeholder: 'Filter images by tag or id',
    value: page.filter,
    'data-testid': 'image-filter',
    'aria-label': 'Filter images',
  }) as HTMLInputElement;
  on(filter, 'input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => post({ type: 'filter', text: filter.value.slice(0, 200) }), 200);
  });
  if (focused)
    queueMicrotask(() => {
      filter.focus();
      filter.setSelectionRange(filter.value.length, filter.value.length);
    });
  const end = Math.min(page.offset + page.items.length, page.total);
  return h(
    'section',
    { class: 'lists' },
    state.dockerfile &&
      foldable(
        'built',
        `Built from ${state.dockerfile.relPath} (${state.built.length})`,
        state.built.length
          ? h('ul', { class: 'images', 'data-testid': 'built-list' }, ...state.built.map((i) => imageRow(i, state)))
          : h(
              'p',
              { class: 'note', 'data-testid': 'built-empty' },
              'No image built from this Dockerfile yet: run Build and Measure.',
            ),
      ),
    foldable(
      'images',
      `Local images (${page.total})`,
      filter,
      h('ul', { class: 'images', 'data-testid': 'image-list' }, ...page.items.map((i) => imageRow(i, state))),
      pager(page, end),
    ),
  );
}

/** A list the user can fold away (a narrow sidebar); what is folded is remembered. */
function foldable(key: string, title: string, ...content: Child[]): HTMLElement {
  const details = h(
    'details',
    { class: 'fold', 'data-testid': `fold-${key}`, open: !folded.has(key) },
    h('summary', {}, h('h2', {}, title)),
    ...content,
  ) as HTMLDetailsElement;
  details.addEventListener('toggle', () => {
    if (details.open) folded.delete(key);
    else folded.add(key);
    vscode.setState?.({ folded: [...folded] });
  });
  return details;
}

function pager(page: PanelState['images'], end: number): HTMLElement {
  return h(
    'div',
    { class: 'pager' },
    button(
      '‹ Previous',
      'page-prev',
      { type: 'page', offset: Math.max(0, page.offset - page.pageSize) },
      page.offset === 0,
    ),
    h('span', { 'data-testid': 'page-info' }, page.total ? `${page.offset + 1}–${end} of ${page.total}` : 'no images'),
    button('Next ›', 'page-next', { type: 'page', offset: page.offset + page.pageSize }, end >= page.total),
  );
}

function layerRow(layer: LayerItem): HTMLElement {
  const row = h(
    'li',
    {
      class: `layer${layer.line !== undefined ? ' linked' : ''}${layer.fromBase ? ' base' : ''}`,
      'data-testid': 'layer-row',
      'data-line': layer.line,
      title: layer.instruction,
    },
    h('span', { class: 'line' }, layer.line !== undefined ? `L${layer.line + 1}` : ''),
    h('span', { class: 'instruction' }, layer.instruction),
    bar(layer.percent, layer.wastedBytes ? 'wasteful' : ''),
    h('span', { class: 'size', title: ON_DISK_TITLE }, layer.sizeText),
    layer.wastedText
      ? h('span', { class: 'wasted', 'data-testid': 'layer-waste' }, `${layer.wastedText} wasted`)
      : undefined,
  );
  if (layer.line !== undefined) {
    row.setAttribute('role', 'button');
    row.setAttribute('tabindex', '0');
    const reveal = () => post({ type: 'reveal', line: layer.line! });
    on(row, 'click', reveal);
    on(row, 'keydown', (e) => e.key === 'Enter' && reveal());
  }
  return row;
}

function selectedImage(state: PanelState, image: SelectedImageView): HTMLElement {
  const own = image.layers.filter((l) => !l.fromBase);
  const base = image.layers.filter((l) => l.fromBase);
  const choices = [...state.built, ...state.images.items].filter(
    (i, n, all) => i.id !== image.id && all.findIndex((j) => j.id === i.id) === n,
  );
  // One option per name, so an image is found by any of its tags (debian:12-slim and debian:bookworm-slim).
  const options = choices.flatMap((c) =>
    (c.tags.length ? c.tags : [c.name]).map((name) => h('option', { value: c.id }, `${name} (${c.sizeText})`)),
  );
  const pick = h(
    'select',
    { 'data-testid': 'compare-select', 'aria-label': 'Compare with' },
    ...options,
  ) as HTMLSelectElement;
  // By default, the previous build of the same Dockerfile (the built list is newest first).
  const at = state.built.findIndex((b) => b.id === image.id);
  const previous = at >= 0 ? state.built[at + 1] : undefined;
  if (previous) pick.value = previous.id;
  const waste = image.waste;
  return h(
    'section',
    { class: 'selected', 'data-testid': 'selected', 'data-id': image.id },
    h('h2', { 'data-testid': 'selected-name' }, image.name),
    h(
      'p',
      { class: 'facts' },
      h('strong', { 'data-testid': 'selected-size' }, image.sizeText),
      ` ${ON_DISK_LABEL} · ${image.ageText} · ${image.platform} · ${image.shortId}`,
    ),
    image.dockerfile &&
      h('p', { class: 'note', 'data-testid': 'selected-dockerfile' }, `Built by Layerwise from ${image.dockerfile}`),
    image.mappedTo
      ? h('p', { class: 'note' }, `Layers mapped to ${image.mappedTo}: click a layer to reveal its line.`)
      : h('p', { class: 'note' }, 'Not built from the active Dockerfile: layers are not mapped to lines.'),
    choices.length > 0 &&
      h(
        'div',
        { class: 'compare-pick' },
        pick,
        on(h('button', { type: 'button', 'data-testid': 'compare-button' }, 'Compare'), 'click', () =>
          post({ type: 'compare', beforeId: image.id, afterId: pick.value }),
        ),
      ),
    h(
      'section',
      { class: 'waste', 'data-testid': 'waste', 'data-status': waste.status },
      h('h3', {}, 'Wasted space'),
      waste.status === 'computing' && h('p', { class: 'note' }, waste.progressText ?? 'reading layers…'),
      waste.status === 'error' &&
        waste.error &&
        h('p', { class: 'problem-inline' }, `${waste.error.title}: ${waste.error.message}`),
      waste.status === 'done' &&
        h(
          'p',
          { 'data-testid': 'waste-total', 'data-bytes': waste.totalBytes },
          waste.totalBytes
            ? `${waste.totalText} shipped but never visible`
            : 'None: no file is deleted or overwritten by a later layer.',
        ),
      waste.lines.length > 0 &&
        h(
          'ul',
          { class: 'waste-lines' },
          ...waste.lines.map((w) => {
            const li = h('li', { 'data-testid': 'waste-line', 'data-line': w.addedLine }, ...prose(w.text));
            if (w.addedLine !== undefined) on(li, 'click', () => post({ type: 'reveal', line: w.addedLine! }));
            return li;
          }),
        ),
    ),
    h('h3', {}, 'Layers'),
    h(
      'ul',
      { class: 'layers', 'data-testid': 'layers' },
      ...own.map(layerRow),
      image.base &&
        on(
          h(
            'li',
            {
              class: 'layer base-group',
              'data-testid': 'base-group',
              role: 'button',
              tabindex: 0,
              'aria-expanded': String(showBase),
            },
            h('span', { class: 'line' }, showBase ? '▾' : '▸'),
            h(
              'span',
              { class: 'instruction' },
              `${image.base.label} (${image.base.layers} ${image.base.layers === 1 ? 'entry' : 'entries'})`,
            ),
            bar(image.base.percent, 'base'),
            h('span', { class: 'size' }, image.base.sizeText),
          ),
          'click',
          () => {
            showBase = !showBase;
            if (current) render(current);
          },
        ),
      ...(showBase ? base.map(layerRow) : []),
    ),
  );
}

function compareSide(side: CompareSide, label: string, testid: string): HTMLElement {
  return h(
    'div',
    { class: 'side', 'data-testid': testid, 'data-bytes': side.sizeBytes, 'data-id': side.id },
    h('h3', { 'data-testid': 'side-name' }, `${label}: ${side.name}`),
    side.image !== side.name && h('p', { class: 'note' }, side.image),
    h('p', { class: 'total' }, bar(side.percent, 'total'), h('strong', {}, side.sizeText), ` ${ON_DISK_LABEL}`),
    h(
      'ul',
      { class: 'buckets' },
      ...side.buckets.map((b) =>
        h(
          'li',
          { 'data-testid': 'bucket', title: b.label },
          h('span', { class: 'instruction' }, b.label),
          bar(b.percent),
          h('span', { class: 'size' }, b.sizeText),
        ),
      ),
    ),
  );
}

function comparison(cmp: CompareView): HTMLElement {
  return h(
    'section',
    { class: 'compare', 'data-testid': 'compare' },
    h('h2', {}, cmp.split ? `${cmp.split.dockerfile} and its multi-stage split` : 'Comparison'),
    h('p', { class: 'delta', 'data-testid': 'compare-delta' }, `${cmp.deltaText} (${cmp.deltaPercentText})`),
    h('p', { 'data-testid': 'compare-summary' }, cmp.summary),
    cmp.split && splitSection(cmp.split),
    h(
      'div',
      { class: 'sides' },
      compareSide(cmp.before, 'Before', 'compare-before'),
      compareSide(cmp.after, 'After', 'compare-after'),
    ),
  );
}

const DIFF_MARK = { same: ' ', removed: '−', added: '+' } as const;

/** The split the comparison built: its runner, the change to the Dockerfile as a diff, "Apply this split". */
function splitSection(split: SplitView): HTMLElement {
  const applied = split.applied;
  return h(
    'section',
    { class: 'split', 'data-testid': 'split' },
    h(
      'p',
      { 'data-testid': 'split-runner' },
      'Runner: ',
      h('strong', {}, split.runner),
      ` (${split.runnerImage}) — ${split.title}`,
    ),
    ...split.notes.map((n) => h('p', { class: 'note', 'data-testid': 'split-note' }, ...prose(n))),
    h(
      'div',
      { class: 'actions' },
      button(
        'Apply this split',
        'split-apply',
        { type: 'command', command: 'applySplit' },
        applied?.ok === true,
        `Replace ${split.dockerfile} with the split (the code action's edit)`,
      ),
    ),
    applied &&
      h(
        'p',
        {
          class: applied.ok ? 'note applied' : 'problem-inline',
          'data-testid': 'split-applied',
          'data-ok': String(applied.ok),
        },
        applied.message,
      ),
    h(
      'pre',
      { class: 'diff', 'data-testid': 'split-diff', 'aria-label': `Changes to ${split.dockerfile}` },
      ...split.diff.map((d) =>
        h('span', { class: `diff-${d.kind}`, 'data-kind': d.kind }, `${DIFF_MARK[d.kind]} ${d.text}`),
      ),
    ),
  );
}

/** In the sidebar, a comparison is one line: it opens in its own editor. */
function comparisonLine(cmp: CompareView): HTMLElement {
  return h(
    'section',
    { class: 'compare-line', 'data-testid': 'compare-line' },
    h(
      'p',
      {},
      `Compared ${cmp.before.name} → ${cmp.after.name}: `,
      h('strong', {}, `${cmp.deltaText} (${cmp.deltaPercentText})`),
    ),
    h(
      'div',
      { class: 'actions' },
      button('Show comparison', 'compare-show', { type: 'command', command: 'showComparison' }),
      button('Close comparison', 'compare-close', { type: 'closeCompare' }),
    ),
  );
}

const STEP_MARK: Record<string, string> = { running: '▶', done: '✓', cached: '✓', error: '✗' };

function elapsedText(build: BuildView): string {
  const seconds = build.seconds ?? Math.max(0, Math.round((Date.now() - build.startedAt) / 1000));
  return seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The build running or last run: steps as they run, elapsed time, Cancel; a failure's cause, its line and the output tail. */
function buildSection(build: BuildView): HTMLElement {
  const status = build.running
    ? 'running'
    : build.failure
      ? build.failure.kind === 'cancelled'
        ? 'cancelled'
        : 'failed'
      : 'done';
  const heading = build.running
    ? `Building ${build.title}…`
    : build.failure?.kind === 'cancelled'
      ? `${build.title}: build cancelled`
      : build.failure
        ? `${build.title}: build failed`
        : `${build.title}: built`;
  const failure = build.failure && build.failure.kind !== 'cancelled' ? build.failure : undefined;
  return h(
    'section',
    {
      class: `build build-${status}`,
      'data-testid': 'build-section',
      'data-status': status,
      role: failure ? 'alert' : undefined,
    },
    h(
      'div',
      { class: 'build-head' },
      h('strong', { 'data-testid': 'build-title' }, heading),
      h('span', { class: 'elapsed', 'data-testid': 'build-elapsed' }, elapsedText(build)),
    ),
    h('p', { class: 'note', 'data-testid': 'build-builder' }, `${build.builder} · network ${build.network}`),
    build.builderNote && h('p', { class: 'note', 'data-testid': 'build-builder-note' }, build.builderNote),
    failure &&
      h(
        'div',
        { class: 'problem', 'data-testid': 'build-failure', 'data-kind': failure.kind },
        h(
          'p',
          {},
          ...prose(failure.line !== undefined ? `Line ${failure.line + 1}: ${failure.message}` : failure.message),
        ),
        failure.cause &&
          h('p', { class: 'cause', 'data-testid': 'build-cause' }, 'The builder said: ', h('code', {}, failure.cause)),
        failure.tail.length > 0 &&
          h('pre', { class: 'tail', 'data-testid': 'build-tail' }, failure.tail.slice(-8).join('\n')),
      ),
    h(
      'ol',
      { class: 'steps', 'data-testid': 'build-steps' },
      ...build.steps.map((step) =>
        h(
          'li',
          { class: `step ${step.status}`, 'data-status': step.status },
          h('span', { class: 'mark' }, STEP_MARK[step.status] ?? ''),
          h('span', { class: 'instruction', title: step.name }, step.name),
          h('span', { class: 'size' }, step.secondsText ?? (step.status === 'cached' ? 'cached' : '')),
        ),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      build.running && button('Cancel', 'build-cancel', { type: 'command', command: 'cancelBuild' }),
      button(
        'Open build log',
        'build-log',
        { type: 'command', command: 'showBuildLog' },
        false,
        'Opens the "Layerwise Build" output, the whole log of this build',
      ),
    ),
  );
}

/** While a build runs, the elapsed time ticks without a new state from the extension. */
setInterval(() => {
  if (!current?.build?.running) return;
  const el = document.querySelector('[data-testid="build-elapsed"]');
  if (el) el.textContent = elapsedText(current.build);
}, 1000);

function render(state: PanelState): void {
  current = state;
  const parts: Child[] = [
    header(state),
    problem(state),
    state.busy ? h('p', { class: 'busy', 'data-testid': 'busy' }, state.busy) : undefined,
  ];
  if (mode === 'view') {
    // A narrow sidebar: the build and the selected image first, the lists (foldable) below them.
    if (state.build) parts.push(buildSection(state.build));
    if (state.compare) parts.push(comparisonLine(state.compare));
    if (state.selected) parts.push(selectedImage(state, state.selected));
    parts.push(imageLists(state));
  } else if (state.compare) {
    parts.push(comparison(state.compare));
  } else {
    parts.push(h('p', { class: 'note' }, 'No comparison yet.'));
  }
  app.replaceChildren(...parts.filter((p): p is Node | string => !!p));
  // A newly selected image's summary comes into view (it sits above the lists the user clicked in).
  if (mode === 'view' && state.selected && state.selected.id !== lastSelected)
    document.querySelector('[data-testid="selected"]')?.scrollIntoView({ block: 'start' });
  lastSelected = state.selected?.id;
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (message) render(message.state);
});
post({ type: 'ready' });

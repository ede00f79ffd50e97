// The browser's answer to an extraction plan (src/extract.rs): the whole plan runs here,
// in the page's JS engine, a chunk of rows per call, and each chunk crosses into wasm
// as three values (numbers, string lengths, one joined string) instead of one crossing
// per query, `closest`, attribute and text. ElementExtraction in src/extract.rs is the
// same algorithm over single-element calls; the two are compared by tests/web.rs.
//
// Rows of one chunk all belong to one phase: 0 the thread elements, 1 the items, 2 + i
// value query i. Per item row the numbers are [parent, group, ...within] and the
// strings the item attributes; per value row the number is the owner and the strings
// the fields. -1 stands for "none", as a number and as a string length.

export function beginExtraction(root, plan) {
  return { root, plan, phase: 0, list: null, live: false, css: null, cursor: 0, groups: new Map(), items: new Map() };
}

// The classes every match of `css` carries (its last compound's `.name`s), or null when
// that cannot be told simply (a selector list, escapes, quotes, non-ASCII, `:scope`, no
// class).
export function lastCompoundClasses(css) {
  if (/[,\\'"\u0080-\uffff]|:scope/i.test(css)) return null;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth -= 1;
    else if (depth === 0 && (c === ' ' || c === '>' || c === '+' || c === '~')) start = i + 1;
  }
  let compound = '';
  depth = 0;
  for (const c of css.slice(start)) {
    if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth -= 1;
    else if (depth === 0) compound += c;
  }
  const classes = [...compound.matchAll(/\.(-?[A-Za-z_][\w-]*)(?=$|[.#:])/g)].map((m) => m[1]);
  return classes.length ? classes.join(' ') : null;
}

// Up to this many items a whole-document query stays within a few milliseconds, even
// on its first run.
const SMALL_PAGE_ITEMS = 2048;

// The matches of `css` under the root, opened for reading with `next`. On a 50,000-item
// page a whole-document querySelectorAll holds the main thread for tens of milliseconds
// (over a hundred on its first run), in one piece. When every match carries known
// classes, the candidates come from the live getElementsByClassName collection instead,
// kept if they match `css`: Chromium walks such a collection lazily, a little per
// indexed access, so the walk spreads over the chunks. Same elements, same (document)
// order; if the page changes meanwhile, the observer has the page read again anyway.
// On a small page (known once its items are indexed) querySelectorAll is cheaper: one
// native walk, where the live collection costs a call and a `matches` per candidate (a
// third of a 1,000-item reading's extraction, measured).
function open(state, css) {
  const small = state.phase >= 2 && state.items.size <= SMALL_PAGE_ITEMS;
  const classes = small ? null : lastCompoundClasses(css);
  if (classes !== null) {
    state.root.matches(css); // throws on a selector the browser refuses
    state.list = state.root.getElementsByClassName(classes);
    state.live = true;
  } else {
    state.list = state.root.querySelectorAll(css);
    state.live = false;
  }
  state.css = css;
  state.cursor = 0;
}

// The next match: an element, `undefined` for a candidate that does not match, null at
// the end.
function next(state) {
  // `item`, not `[i]`: Chromium's indexed access asks the collection's length first,
  // which walks the whole document.
  const el = state.list.item(state.cursor);
  if (el === null) return null;
  state.cursor += 1;
  return state.live && !el.matches(state.css) ? undefined : el;
}

function phaseCss(plan, phase) {
  if (phase === 0) return plan.groups ?? null;
  if (phase === 1) return plan.items;
  return plan.values[phase - 2]?.css ?? null;
}

const CHUNK_MS = 4;

export function extractStep(state, budget) {
  const { plan, groups, items } = state;
  const phases = 2 + plan.values.length;
  const nums = [];
  const lens = [];
  const parts = [];
  const push = (s) => {
    if (s == null) {
      lens.push(-1);
    } else {
      lens.push(s.length);
      parts.push(s);
    }
  };
  // The index of the nearest enclosing (or same) match of `css` from `start`. On a
  // small page, found by walking up to the root instead of `closest`, which matches
  // the selector at every ancestor. Same answer: the map holds every match under the
  // root (the earlier phase, or earlier rows of this one: document order puts an
  // ancestor first), and a nearest match at or above the root is none either way. On
  // a big page the walk costs more than it saves: it makes a JS wrapper of every
  // ancestor it passes, and their garbage collection lengthened single steps (longest
  // slice at 50,000 items 42.5 ms against 29.8 with `closest`).
  const { root } = state;
  const indexIn = (map, el) => (el === null ? -1 : (map.get(el) ?? -1));
  const ownerIn = (map, start, css) => {
    if (items.size > SMALL_PAGE_ITEMS) return indexIn(map, start === null ? null : start.closest(css));
    for (let e = start; e !== null && e !== root; e = e.parentElement) {
      const index = map.get(e);
      if (index !== undefined) return index;
    }
    return -1;
  };
  let rows = 0;
  let phase = state.phase;
  // Rows are cut by time too (checked every 16 rows): a chunk of long texts or slow
  // `closest`s stays short whatever the budget in rows.
  const deadline = performance.now() + CHUNK_MS;
  while (budget > 0 && state.phase < phases) {
    if (rows > 0 && rows % 16 === 0 && performance.now() > deadline) break;
    budget -= 1;
    if (state.list === null) {
      const css = phaseCss(plan, state.phase);
      if (css === null) {
        state.phase += 1;
        phase = state.phase;
        continue;
      }
      try {
        open(state, css);
      } catch {
        return { error: css };
      }
      // On a big page a whole-document query is the costliest unit: it ends the chunk,
      // so the caller checks its clock before the rows. A live collection costs
      // nothing yet.
      if (!state.live) break;
      continue;
    }
    const el = next(state);
    if (el === null) {
      state.list = null;
      state.phase += 1;
      if (rows > 0) break;
      phase = state.phase;
      continue;
    }
    if (el === undefined) continue;
    rows += 1;
    if (state.phase === 0) {
      groups.set(el, groups.size);
    } else if (state.phase === 1) {
      nums.push(plan.nested ? ownerIn(items, el.parentElement, plan.items) : -1, plan.groups == null ? -1 : ownerIn(groups, el, plan.groups));
      for (const css of plan.itemWithin) nums.push(el.closest(css) === null ? 0 : 1);
      for (const name of plan.itemAttrs) push(el.getAttribute(name));
      items.set(el, items.size);
    } else {
      const query = plan.values[state.phase - 2];
      const byItem = query.owner === 'item';
      nums.push(byItem || plan.groups != null ? ownerIn(byItem ? items : groups, el, byItem ? plan.items : plan.groups) : -1);
      for (const field of query.fields) push(field == null ? el.textContent : el.getAttribute(field));
    }
  }
  return {
    phase,
    rows,
    nums: Int32Array.from(nums),
    lens: Int32Array.from(lens),
    text: parts.join(''),
    done: state.phase >= phases,
  };
}

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
  return { root, plan, phase: 0, list: null, cursor: 0, groups: new Map(), items: new Map() };
}

function phaseCss(plan, phase) {
  if (phase === 0) return plan.groups ?? null;
  if (phase === 1) return plan.items;
  return plan.values[phase - 2]?.css ?? null;
}

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
  const indexIn = (map, el) => (el === null ? -1 : (map.get(el) ?? -1));
  let rows = 0;
  let phase = state.phase;
  while (budget > 0 && state.phase < phases) {
    budget -= 1;
    if (state.list === null) {
      const css = phaseCss(plan, state.phase);
      if (css === null) {
        state.phase += 1;
        phase = state.phase;
        continue;
      }
      try {
        state.list = state.root.querySelectorAll(css);
      } catch {
        return { error: css };
      }
      state.cursor = 0;
      // On a big page a query is the costliest unit: it ends the chunk, so the caller
      // checks its clock before the rows.
      break;
    }
    if (state.cursor >= state.list.length) {
      state.list = null;
      state.phase += 1;
      if (rows > 0) break;
      phase = state.phase;
      continue;
    }
    const el = state.list[state.cursor];
    state.cursor += 1;
    rows += 1;
    if (state.phase === 0) {
      groups.set(el, groups.size);
    } else if (state.phase === 1) {
      const parent = plan.nested && el.parentElement ? el.parentElement.closest(plan.items) : null;
      nums.push(indexIn(items, parent), plan.groups == null ? -1 : indexIn(groups, el.closest(plan.groups)));
      for (const css of plan.itemWithin) nums.push(el.closest(css) === null ? 0 : 1);
      for (const name of plan.itemAttrs) push(el.getAttribute(name));
      items.set(el, items.size);
    } else {
      const query = plan.values[state.phase - 2];
      const byItem = query.owner === 'item';
      const ownerCss = byItem ? plan.items : plan.groups;
      nums.push(ownerCss == null ? -1 : indexIn(byItem ? items : groups, el.closest(ownerCss)));
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

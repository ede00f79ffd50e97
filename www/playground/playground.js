// The moderation playground: the extension's own wasm core, loaded from the dev server
// (`make build` first), analysing the text as it is typed. The text never leaves the
// page and nothing is stored. Every piece of the draft is inserted as text, never HTML.
const draft = document.getElementById('draft');
const terms = document.getElementById('terms');
const langSelect = document.getElementById('lang');
const status = document.getElementById('status');
const preview = document.getElementById('preview');
const list = document.getElementById('findings');

const CATEGORY = {
  fr: { insult: 'Insulte', threat: 'Menace', profanity: 'Grossièreté', identityAttack: 'Attaque contre un groupe',
    possibleDefamation: 'Diffamation possible', personalData: 'Donnée personnelle', confidential: 'Confidentiel',
    shouting: 'Ton crié', unreadable: 'Difficile à lire' },
  en: { insult: 'Insult', threat: 'Threat', profanity: 'Profanity', identityAttack: 'Identity attack',
    possibleDefamation: 'Possible defamation', personalData: 'Personal data', confidential: 'Confidential',
    shouting: 'Shouting', unreadable: 'Hard to read' },
};
const NONE = { fr: 'Rien à signaler.', en: 'Nothing to flag.' };

let core = null;
const messages = {};

async function load() {
  try {
    const glue = await import('/engine/pkg/animateur.js');
    await glue.default({ module_or_path: '/engine/pkg/animateur_bg.wasm' });
    for (const lang of ['fr', 'en']) {
      const data = await (await fetch(`/engine/locales/${lang}/messages.json`)).json();
      messages[lang] = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.message]));
    }
    core = glue;
    document.documentElement.dataset.engine = 'ready';
    render();
  } catch (err) {
    document.documentElement.dataset.engine = 'error';
    status.textContent = `Le moteur n'est pas disponible (lancez « make build ») : ${err.message ?? err}`;
  }
}

function render() {
  if (!core) return;
  const lang = langSelect.value;
  const text = draft.value;
  const config = { confidentialTerms: terms.value.split(',').map((t) => t.trim()).filter(Boolean) };
  const findings = core.analyzeDraft(text, config);
  // Spans are UTF-16 offsets, the unit of JavaScript strings.
  preview.replaceChildren();
  let at = 0;
  for (const f of findings) {
    if (f.startUtf16 < at) continue; // overlapping findings of different categories
    preview.append(text.slice(at, f.startUtf16));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(f.startUtf16, f.endUtf16);
    mark.title = CATEGORY[lang][f.category] ?? f.category;
    preview.append(mark);
    at = f.endUtf16;
  }
  preview.append(text.slice(at));
  list.replaceChildren();
  for (const f of findings) {
    const li = document.createElement('li');
    li.dataset.category = f.category;
    const cat = document.createElement('span');
    cat.className = 'category';
    cat.textContent = `${CATEGORY[lang][f.category] ?? f.category} : `;
    const quote = document.createElement('span');
    quote.className = 'quote';
    quote.textContent = `« ${text.slice(f.startUtf16, f.endUtf16)} » `;
    const explain = document.createElement('span');
    explain.textContent = `${messages[lang][f.explanationKey] ?? ''} ${messages[lang][f.suggestionKey] ?? ''}`;
    li.append(cat, quote, explain);
    list.append(li);
  }
  status.textContent = findings.length ? '' : NONE[lang];
}

let timer = 0;
const later = () => { clearTimeout(timer); timer = setTimeout(render, 120); };
draft.addEventListener('input', later);
terms.addEventListener('input', later);
langSelect.addEventListener('change', render);
load();

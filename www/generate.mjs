// Demo intranet — deterministic generator of large pages for benchmarks and
// stress tests. Node 20 built-ins only (none needed, in fact).
//
//   generatePage({kind, threads, replies})     -> HTML string
//   generateChunks({kind, threads, replies})   -> iterator of HTML strings (same bytes)
//   expectedSummary({kind, threads, replies})  -> what the extension must compute
//
// Same arguments, same bytes: names, likes, dates and texts come from a PRNG
// seeded with the arguments. The dev server serves the pages at
// /generated/<kind>.html?threads=N&replies=M.
//
// kind 'classic-thread': one classic forum container (ul.ms-comm-postList) holding
//   N root posts (li.ms-comm-postListItem.ms-comm-postRootContainer), each followed
//   by its M replies (li.ms-comm-postListItem.ms-comm-postReplyListItem), all
//   siblings. Post keys are 1..N*(M+1), unique. Matched by the
//   sp-classic-discussion-thread profile: threads = N, items = N*(M+1).
//   With N = 0 the container is empty: it is then detected as a discussion list
//   (sp-classic-discussion-list) with nothing in it.
// kind 'modern': a modern page whose comments are rendered directly (no scroll
//   gating): one #CommentsWrapper[data-sp-feature-tag="Comments"] with N top-level
//   comments, each holding its M replies nested inside it. Matched by the
//   sp-modern-page profile: threads = 1 (the comments section), items = N*(M+1).
//
// Limits: integers, 0 <= threads, 0 <= replies, threads <= MAX_CELLS and
// threads * replies <= MAX_CELLS.

export const MAX_CELLS = 200000;
export const KINDS = Object.freeze(['classic-thread', 'modern']);
export const DEFAULTS = Object.freeze({ threads: 20, replies: 10 });

const POOL_SIZE = 400; // authors are drawn from 400 people

const FIRST = ['Camille', 'Julien', 'Sophie', 'Thomas', 'Nadia', 'Marc', 'Émilie', 'Karim',
  'Isabelle', 'Pierre', 'Laura', 'David', 'Antoine', 'Hélène', 'Sarah', 'Yann', 'Fatou',
  'Olivier', 'Claire', 'Nicolas', 'Inès', 'Mathieu', 'Léa', 'Hugo', 'Chloé', 'Maxime',
  'Aïcha', 'Romain', 'Manon', 'Lucas', 'Anaïs', 'Benoît', 'Zoé', 'Samuel', 'Céline',
  'Rachid', 'Aurélie', 'Vincent', 'Margaux', 'Théo'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit',
  'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David',
  'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier',
  'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure',
  'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin'];

const SUBJECTS = [
  'Réservation des salles de réunion : nouvelle procédure',
  'Télétravail : comment vous organisez-vous en équipe ?',
  'Quel outil pour partager un planning avec un prestataire ?',
  'Menu végétarien au restaurant : vos retours',
  'Accès VPN depuis l’étranger',
  'Convention de nommage des fichiers',
  'Formation sécurité incendie : dates de la session de décembre',
  'Parcours d’intégration des nouveaux arrivants',
  'Imprimante du 2e étage hors service',
  'Migration des lecteurs réseau vers SharePoint',
  'Covoiturage entre Lyon et Saint-Priest',
  'Signature électronique des contrats',
];

const SENTENCES = [
  'Merci pour le partage, c’est exactement ce qu’il nous fallait.',
  'Chez nous, nous avons résolu le problème en vidant le cache du navigateur.',
  'Quelqu’un sait-il si la procédure est la même sur le site de Nantes ?',
  'Je confirme, la nouvelle version fonctionne bien depuis lundi.',
  'Pourriez-vous préciser le délai de traitement des demandes ?',
  'Bonne idée, je la propose à mon équipe dès la prochaine réunion.',
  'Le lien vers la documentation se trouve dans la FAQ de la DSI.',
  'Attention, le formulaire a changé depuis la mise à jour de novembre.',
  'Nous avons testé avec trois collègues : aucun souci à signaler.',
  'Je relance la question : personne n’a eu le même cas ?',
  'Merci Karim, ta réponse m’a fait gagner une heure.',
  'Est-ce que cela concerne aussi les alternants et les stagiaires ?',
  'La salle Rhône est équipée d’un écran et d’une caméra depuis septembre.',
  'Je vous propose d’en parler au prochain café de la communauté.',
  'Pour les équipes en horaires décalés, il faudrait une solution à part.',
  'C’est noté, je mets à jour le modèle dans la bibliothèque partagée.',
];

const START_MS = Date.UTC(2026, 8, 1, 6, 0, 0); // 1 September 2026, 08:00 Paris
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

// ---------------------------------------------------------------------------
// Deterministic pieces

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function person(i) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[(Math.floor(i / FIRST.length) + i) % LAST.length];
  const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  return {
    index: i,
    userId: 1000 + i,
    name: `${first} ${last}`,
    initials: (first[0] + last[0]).toUpperCase(),
    upn: `${ascii(first)}.${ascii(last)}${i >= FIRST.length * LAST.length ? i : ''}@contoso.fr`,
  };
}

function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function pad(n) { return n < 10 ? '0' + n : String(n); }

// Paris local time: UTC+2 from the last Sunday of March to the last Sunday of
// October (01:00 UTC), UTC+1 otherwise.
function lastSundayUtc(year, month) {
  const d = new Date(Date.UTC(year, month + 1, 0, 1, 0, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.getTime();
}
function dateParts(ms) {
  const y = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayUtc(y, 2) && ms < lastSundayUtc(y, 9);
  const d = new Date(ms + (summer ? 2 : 1) * 3600 * 1000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth(), d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}
function classicDate(ms) {
  const p = dateParts(ms);
  return `${pad(p.d)}/${pad(p.mo + 1)}/${p.y} ${pad(p.h)}:${pad(p.mi)}`;
}
function modernDate(ms) {
  const p = dateParts(ms);
  return `${p.d} ${MONTHS[p.mo]} à ${pad(p.h)}:${pad(p.mi)}`;
}

// French grouping with a narrow no-break space, as SharePoint shows counts.
function frNumber(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

export function validateArgs(args = {}) {
  const kind = args.kind;
  if (!KINDS.includes(kind)) {
    throw new RangeError(`unknown kind ${JSON.stringify(kind)} (expected one of ${KINDS.join(', ')})`);
  }
  const threads = args.threads === undefined ? DEFAULTS.threads : args.threads;
  const replies = args.replies === undefined ? DEFAULTS.replies : args.replies;
  for (const [name, v] of [['threads', threads], ['replies', replies]]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
  }
  if (threads > MAX_CELLS || threads * replies > MAX_CELLS) {
    throw new RangeError(`threads × replies is capped at ${MAX_CELLS} (got ${threads} × ${replies})`);
  }
  return { kind, threads, replies };
}

// Walks the generated content in document order. Every PRNG draw happens here,
// whether or not HTML is produced, so expectedSummary() sees exactly the data
// generatePage() renders.
function* walk({ kind, threads, replies }) {
  const rnd = mulberry32(fnv1a(`animateur-demo|${kind}|${threads}|${replies}`));
  const pick = (n) => Math.floor(rnd() * n);
  const page = { pageLikes: 3 + pick(400), views: 150 + pick(60000) };
  yield { type: 'page', ...page };
  let key = 0;
  let t = START_MS;
  // Items are spread over about 60 days, whatever their number (gaps of 6 h at most).
  const total = threads * (replies + 1);
  const maxGap = Math.max(2, Math.min(6 * 3600, Math.floor((2 * 60 * 86400) / Math.max(1, total))));
  for (let i = 0; i < threads; i++) {
    for (let j = 0; j <= replies; j++) {
      key += 1;
      t += (1 + pick(maxGap)) * 1000;
      const author = person(pick(POOL_SIZE));
      // Like counts: 30 % without a counter, some explicit zeros, a few popular items.
      const r = rnd();
      const likes = r < 0.3 ? null : r < 0.4 ? 0 : r < 0.95 ? 1 + pick(6) : 7 + pick(40);
      const s1 = pick(SENTENCES.length);
      const s2 = pick(SENTENCES.length + 4); // >= SENTENCES.length: one sentence only
      const subject = pick(SUBJECTS.length);
      yield {
        type: j === 0 ? 'root' : 'reply', thread: i, key, author, likes, at: t,
        text: SENTENCES[s1] + (s2 < SENTENCES.length && s2 !== s1 ? ' ' + SENTENCES[s2] : ''),
        subject: SUBJECTS[subject] + (threads > SUBJECTS.length ? ` (${i + 1})` : ''),
        last: j === replies,
      };
    }
  }
}

// ---------------------------------------------------------------------------
// Summary

export function expectedSummary(args) {
  const { kind, threads, replies } = validateArgs(args);
  const authors = new Set();
  let items = 0;
  let itemLikes = 0;
  let page = null;
  for (const ev of walk({ kind, threads, replies })) {
    if (ev.type === 'page') { page = ev; continue; }
    items += 1;
    itemLikes += ev.likes || 0;
    authors.add(ev.author.userId);
  }
  if (kind === 'classic-thread') {
    return {
      pageKind: threads > 0 ? 'sp-classic-discussion-thread' : 'sp-classic-discussion-list',
      threads,
      items,
      contributors: authors.size,
      itemLikes,
      pageLikes: null,
      views: null,
    };
  }
  return {
    pageKind: 'sp-modern-page',
    threads: 1,
    items,
    contributors: authors.size,
    itemLikes,
    pageLikes: page.pageLikes,
    views: page.views,
  };
}

// ---------------------------------------------------------------------------
// HTML

// Kept lean on purpose (a 200 000-item page must stay well under V8's string
// limit): no picture, no icon, same hooks as the hand-written thread page.
function classicPost(ev) {
  const a = ev.author;
  const root = ev.type === 'root';
  const likes = ev.likes === null ? '' :
    `<span class="ms-comm-likesMetadata"><span class="ms-comm-likesCount ms-comm-reputationNumbers">${ev.likes}</span></span>`;
  return `<li class="ms-comm-postListItem ${root ? 'ms-comm-postRootContainer' : 'ms-comm-postReplyListItem'}" id="forum0-Post${ev.key}-Root">` +
    `<div class="ms-comm-authorTitle"><span class="ms-imnSpan"><a class="ms-subtleLink" href="/_layouts/15/userdisp.aspx?ID=${a.userId}">${escapeHtml(a.name)}</a></span></div>` +
    (root ? `<h2 class="ms-comm-rootSubject">${escapeHtml(ev.subject)}</h2>` : '') +
    `<div class="${root ? 'ms-comm-postBodyThreaded' : 'ms-comm-postBodyThreaded ms-comm-postReplyBody'}">${escapeHtml(ev.text)}</div>` +
    `<span class="ms-metadata ms-comm-cmdSpaceListItem">${classicDate(ev.at)}</span> ${likes}</li>\n`;
}

function* classicPage({ threads, replies }, events) {
  const page = events.next().value;
  void page;
  yield `<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Discussions générées — ${threads} × ${replies}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/sp-classic.css">
</head>
<body>
<div id="suiteBar"><div id="suiteBarLeft"><span class="ms-core-brandingText">SharePoint</span></div></div>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="s4-titlerow"><div class="ms-siteicon-img" aria-hidden="true">GN</div><div><h1 id="pageTitle">Discussions générées : ${threads} fils × ${replies} réponses</h1></div></div>
<div id="contentRow"><div id="contentBox">
<div class="ms-comm-forumContainer" id="{0E6A1F52-9C3B-4D7E-8A21-5B4C3D2E1F00}-{7F0D2C4B-1A3E-4B5C-9D8E-6F7A8B9C0D1E}">
<ul class="ms-comm-postList">
`;
  let buf = '';
  for (const ev of events) {
    buf += classicPost(ev);
    if (buf.length > 65536) { yield buf; buf = ''; }
  }
  yield buf + `</ul>
<div class="ms-comm-postReplyContainer"><textarea class="ms-comm-postReplyTextBox" id="forum0-Post1-ReplyTextBox" placeholder="Ajouter une réponse" aria-label="Ajouter une réponse"></textarea></div>
</div>
</div></div>
</div></div>
</body>
</html>
`;
}

function modernComment(ev) {
  const a = ev.author;
  const href = '/_layouts/15/me.aspx?accountname=' + encodeURIComponent(`i:0#.f|membership|${a.upn}`);
  const likes = ev.likes === null ? '' : `<span data-automation-id="sp-comment-like-count">${ev.likes}</span> `;
  return `<li class="comment-block" data-automation-id="sp-comment-block-root">` +
    `<div class="comment-head"><a data-automation-id="sp-comment-author" href="${escapeHtml(href)}">${escapeHtml(a.name)}</a> ` +
    `<a class="comment-permalink" href="#comment=${ev.key}">${modernDate(ev.at)}</a></div>` +
    `<div class="comment-text">${escapeHtml(ev.text)}</div>` +
    `<div class="comment-actions">${likes}<button type="button" class="ms-Button" data-automation-id="comment-reply-button">Répondre</button></div>`;
}

function* modernPage({ threads, replies }, events) {
  const page = events.next().value;
  yield `<!DOCTYPE html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Actualité générée — ${threads} × ${replies} - SharePoint</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/sp-modern.css">
</head>
<body>
<div id="SuiteNavWrapper" role="banner"><span class="o365-brand">SharePoint</span></div>
<div class="sp-App"><div data-automation-id="contentScrollRegion" class="sp-scrollRegion">
<main class="sp-pageContent">
<div data-automation-id="pageHeader" class="sp-pageHeader"><p class="sp-topicHeader">Page générée</p><h1 data-automation-id="pageTitle">Actualité générée : ${threads} commentaires × ${replies} réponses</h1></div>
<div id="spPageCanvasContent" data-automation-id="Canvas" class="CanvasComponent"><div data-automation-id="CanvasZone" class="CanvasZone"><div data-automation-id="CanvasSection" class="CanvasSection"><div class="CanvasSection-col-main"><div data-automation-id="CanvasControl" class="ControlZone"><div class="sp-rte"><p>Page de test générée pour mesurer les performances : les commentaires sont rendus directement, sans attendre le défilement.</p></div></div></div></div></div></div>
<div class="sp-pageFooter"><div data-automation-id="sp-socialbar" class="sp-socialbar" role="toolbar" aria-label="Actions sur la page">
<button type="button" class="ms-Button" data-automation-id="sp-socialbar-likebutton" aria-pressed="false"><span class="ms-Button-label">J’aime</span></button>
<button type="button" class="ms-Button" data-automation-id="sp-socialbar-likedbymessage"><span class="ms-Button-label">${frNumber(page.pageLikes)} J’aime</span></button>
<span data-automation-id="sp-socialbar-viewcount">${frNumber(page.views)} vues</span>
</div></div>
<section class="sp-commentsArea" aria-label="Commentaires">
<div id="CommentsWrapper" data-sp-feature-tag="Comments" class="commentsWrapper">
<h2 class="comments-heading">Commentaires</h2>
<div class="comment-composer"><span class="persona c9" aria-hidden="true">CD</span><div class="comment-composer-main"><div contenteditable="true" role="textbox" aria-multiline="true" aria-label="Ajouter un commentaire" data-placeholder="Ajouter un commentaire" class="comment-input"></div><div class="comment-composer-actions"><button type="button" class="ms-Button ms-Button--primary" data-automation-id="sp-comment-post" disabled><span class="ms-Button-label">Publier</span></button></div></div></div>
<ul class="comment-list">
`;
  let buf = '';
  for (const ev of events) {
    if (ev.type === 'root') {
      buf += modernComment(ev) + '<ul class="comment-replies">';
    } else {
      buf += modernComment(ev) + '</li>';
    }
    if (ev.last) buf += '</ul></li>\n';
    if (buf.length > 65536) { yield buf; buf = ''; }
  }
  yield buf + `</ul>
</div>
</section>
</main>
</div></div>
</body>
</html>
`;
}

export function* generateChunks(args) {
  const opts = validateArgs(args);
  const events = walk(opts);
  if (opts.kind === 'classic-thread') yield* classicPage(opts, events);
  else yield* modernPage(opts, events);
}

export function generatePage(args) {
  let out = '';
  for (const chunk of generateChunks(args)) out += chunk;
  return out;
}

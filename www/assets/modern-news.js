// Demo intranet — behaviour of the modern news page (modern-news*.html).
//
// As in SharePoint Online, the comments web part at the bottom of the page is
// rendered only when it is scrolled into view: an IntersectionObserver watches a
// placeholder, with the page's scroll container (contentScrollRegion) as root.
//
// The DOM is built with createElement/textContent only (no HTML sink), so the
// script runs unchanged under `script-src 'self'`, `default-src 'none'`, a
// nonce + 'strict-dynamic' policy and `require-trusted-types-for 'script'`.
// No inline style is ever set (style-src 'self').
(function () {
  'use strict';

  var ME_PREFIX = '/_layouts/15/me.aspx?accountname=';
  function profileHref(upn) {
    return ME_PREFIX + encodeURIComponent('i:0#.f|membership|' + upn);
  }

  // People and comments come from assets/modern-news-comments.json, the same data
  // the dev server answers SharePoint's comments API with (www/server.mjs), as the
  // real web part fetches them before drawing. Each comment: {id, by, at, likes
  // (null = no counter shown), text (strings and {mention}), replies}.
  var PEOPLE = {};
  var CURRENT_USER = 'camille';
  var COMMENTS = [];

  var PAGE_LIKERS = ['Claire Martin', 'Sophie Lefèvre', 'Karim Haddad', 'Isabelle Fontaine',
    'Thomas Bernard', 'Hélène Girard', 'Julien Moreau', 'Yann Le Gall', 'Fatou Diallo',
    'Pierre Garnier', 'Olivier Lambert', 'Antoine Petit'];

  var MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
  var DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
  var MONTHS_LONG = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

  function pad(n) { return n < 10 ? '0' + n : String(n); }
  // Dates are shown in Paris time, written in the data with their offset.
  function parts(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
    var y = +m[1], mo = +m[2] - 1, d = +m[3];
    var dow = new Date(Date.UTC(y, mo, d)).getUTCDay();
    return { y: y, mo: mo, d: d, h: m[4], mi: m[5], dow: dow };
  }
  function shortDate(iso) { var p = parts(iso); return p.d + ' ' + MONTHS[p.mo] + ' à ' + p.h + ':' + p.mi; }
  function longDate(iso) {
    var p = parts(iso);
    return DAYS[p.dow] + ' ' + p.d + ' ' + MONTHS_LONG[p.mo] + ' ' + p.y + ' à ' + p.h + ':' + p.mi;
  }
  function nowIso() {
    var d = new Date();
    var off = -d.getTimezoneOffset();
    var sign = off >= 0 ? '+' : '-';
    off = Math.abs(off);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':00' + sign + pad(Math.floor(off / 60)) + ':' + pad(off % 60);
  }

  function initials(name) {
    return name.split(/[\s-]+/).filter(Boolean).map(function (w) { return w.charAt(0); }).join('').slice(0, 2).toUpperCase();
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'class') node.className = attrs[k];
        else if (attrs[k] === true) node.setAttribute(k, '');
        else if (attrs[k] !== false && attrs[k] != null) node.setAttribute(k, String(attrs[k]));
      });
    }
    (children || []).forEach(function (c) {
      if (c == null) return;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';
  function likeIcon() {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '14');
    svg.setAttribute('height', '14');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '1.3');
    var path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', 'M5 7v7H2V7zM5 7l3-5.5c1 0 2 .8 1.6 2.3L9 6.5h4.2c.9 0 1.5.9 1.2 1.7l-1.7 5c-.2.5-.7.8-1.2.8H5');
    svg.appendChild(path);
    return svg;
  }

  function persona(key, extra) {
    var p = PEOPLE[key];
    return el('span', { 'class': 'persona c' + p.color + (extra ? ' ' + extra : ''), 'aria-hidden': 'true', text: initials(p.name) });
  }

  function renderText(segments) {
    var box = el('div', { 'class': 'comment-text' });
    segments.forEach(function (s) {
      if (typeof s === 'string') box.appendChild(document.createTextNode(s));
      else if (s.mention) {
        var p = PEOPLE[s.mention];
        box.appendChild(el('a', { 'class': 'mention', href: profileHref(p.upn), text: p.name }));
      }
    });
    return box;
  }

  var nextId = 111;
  var totalComments = 0;
  var countNode = null;

  function updateCount() {
    if (countNode) countNode.textContent = '(' + totalComments + ')';
  }

  // One comment; the author, date/permalink and like count come before the
  // nested replies in document order.
  function renderComment(c, isReply) {
    var p = PEOPLE[c.by];
    var likeBtn = el('button', {
      type: 'button', 'class': 'ms-Button', 'data-automation-id': 'comment-like-button',
      'aria-pressed': 'false', 'aria-label': 'J’aime'
    }, [likeIcon()]);
    if (c.likes != null) {
      likeBtn.appendChild(el('span', { 'data-automation-id': 'sp-comment-like-count', text: String(c.likes) }));
    } else {
      likeBtn.appendChild(el('span', { 'class': 'ms-Button-label', text: 'J’aime' }));
    }
    var replyBtn = el('button', {
      type: 'button', 'class': 'ms-Button', 'data-automation-id': 'comment-reply-button', text: 'Répondre'
    });

    var block = el('li', {
      'class': 'comment-block', 'data-automation-id': 'sp-comment-block-root'
    }, [
      el('div', { 'class': 'comment-main' }, [
        persona(c.by),
        el('div', { 'class': 'comment-content' }, [
          el('div', { 'class': 'comment-head' }, [
            el('a', { 'data-automation-id': 'sp-comment-author', href: profileHref(p.upn), text: p.name }),
            el('a', { 'class': 'comment-permalink', href: '#comment=' + c.id, title: longDate(c.at) }, [
              el('time', { datetime: c.at, text: c.justNow ? 'À l’instant' : shortDate(c.at) })
            ])
          ]),
          renderText(c.text),
          el('div', { 'class': 'comment-actions' }, [likeBtn, replyBtn])
        ])
      ])
    ]);

    likeBtn.addEventListener('click', function () { toggleCommentLike(likeBtn); });

    if (!isReply) {
      var replies = el('ul', { 'class': 'comment-replies' });
      (c.replies || []).forEach(function (r) { replies.appendChild(renderComment(r, true)); });
      block.appendChild(replies);
      replyBtn.addEventListener('click', function () { openReplyComposer(block, replies, p); });
    } else {
      replyBtn.addEventListener('click', function () {
        var parentBlock = block.parentNode && block.parentNode.closest('[data-automation-id="sp-comment-block-root"]');
        if (parentBlock) openReplyComposer(parentBlock, block.parentNode, p);
      });
    }
    return block;
  }

  function toggleCommentLike(btn) {
    var liked = btn.getAttribute('aria-pressed') === 'true';
    var count = btn.querySelector('[data-automation-id="sp-comment-like-count"]');
    var n = count ? parseInt(count.textContent, 10) || 0 : 0;
    n += liked ? -1 : 1;
    btn.setAttribute('aria-pressed', liked ? 'false' : 'true');
    if (!count) {
      var label = btn.querySelector('.ms-Button-label');
      if (label) label.remove();
      count = el('span', { 'data-automation-id': 'sp-comment-like-count' });
      btn.appendChild(count);
    }
    count.textContent = String(n);
  }

  // A contenteditable composer, as SharePoint's comment box.
  function composer(placeholder, onPost) {
    var input = el('div', {
      contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true',
      'aria-label': placeholder, 'data-placeholder': placeholder, 'class': 'comment-input'
    });
    var post = el('button', {
      type: 'button', 'class': 'ms-Button ms-Button--primary', 'data-automation-id': 'sp-comment-post', disabled: true
    }, [el('span', { 'class': 'ms-Button-label', text: 'Publier' })]);
    function refresh() { post.disabled = input.textContent.trim() === ''; }
    input.addEventListener('input', refresh);
    post.addEventListener('click', function () {
      var text = input.textContent.trim();
      if (!text) return;
      input.textContent = '';
      refresh();
      onPost(text);
    });
    var box = el('div', { 'class': 'comment-composer-main' }, [
      input, el('div', { 'class': 'comment-composer-actions' }, [post])
    ]);
    return { box: box, input: input };
  }

  function openReplyComposer(block, repliesList, toPerson) {
    var existing = block.querySelector(':scope > .comment-replyComposer');
    if (existing) { existing.querySelector('[role="textbox"]').focus(); return; }
    var c = composer('Répondre à ' + toPerson.name, function (text) {
      repliesList.appendChild(renderComment({
        id: nextId++, by: CURRENT_USER, at: nowIso(), likes: null, text: [text], justNow: true
      }, true));
      totalComments++;
      updateCount();
      wrap.remove();
    });
    var wrap = el('div', { 'class': 'comment-replyComposer' }, [persona(CURRENT_USER), c.box]);
    block.insertBefore(wrap, repliesList);
    c.input.focus();
  }

  function countAll(list) {
    return list.reduce(function (n, c) { return n + 1 + countAll(c.replies || []); }, 0);
  }

  function renderComments(placeholder) {
    totalComments = countAll(COMMENTS);
    countNode = el('span', { 'class': 'comments-count' });
    updateCount();
    var list = el('ul', { 'class': 'comment-list' });
    COMMENTS.forEach(function (c) { list.appendChild(renderComment(c, false)); });
    var top = composer('Ajouter un commentaire. Tapez @ pour mentionner quelqu’un', function (text) {
      list.appendChild(renderComment({
        id: nextId++, by: CURRENT_USER, at: nowIso(), likes: null, text: [text], replies: [], justNow: true
      }, false));
      totalComments++;
      updateCount();
    });

    // One element carries both hooks, so the section counts once.
    var wrapper = el('div', { id: 'CommentsWrapper', 'data-sp-feature-tag': 'Comments', 'class': 'commentsWrapper' }, [
      el('h2', { 'class': 'comments-heading' }, ['Commentaires ', countNode]),
      el('div', { 'class': 'comment-composer' }, [persona(CURRENT_USER), top.box]),
      list
    ]);
    placeholder.replaceWith(wrapper);
    commentInput = top.input;
  }

  var commentInput = null;

  function setupComments() {
    var placeholder = document.getElementById('CommentsPlaceholder');
    if (!placeholder) return;
    var root = document.querySelector('[data-automation-id="contentScrollRegion"]');
    var done = false;
    function load() {
      if (done) return;
      done = true;
      // The web part fetches its data before drawing, then waits a short, fixed delay.
      fetch('/assets/modern-news-comments.json', { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          PEOPLE = data.people;
          CURRENT_USER = data.currentUser;
          COMMENTS = data.comments;
          setTimeout(function () { renderComments(placeholder); }, 300);
        });
    }
    if (!('IntersectionObserver' in window)) { load(); return; }
    var io = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        io.disconnect();
        load();
      }
    }, { root: root, threshold: 0 });
    io.observe(placeholder);
  }

  // ----- Social bar -----
  function setupSocialBar() {
    var likeBtn = document.querySelector('[data-automation-id="sp-socialbar-likebutton"]');
    var likedBy = document.querySelector('[data-automation-id="sp-socialbar-likedbymessage"]');
    var commentBtn = document.querySelector('[data-automation-id="sp-socialbar-commentbutton"]');
    var saveBtn = document.querySelector('[data-automation-id="sp-socialbar-saveforlaterbutton"]');
    var likeLabel = likedBy && likedBy.querySelector('.ms-Button-label');
    var pageLikes = likeLabel ? parseInt(likeLabel.textContent, 10) || 0 : 0;

    if (likeBtn && likeLabel) {
      likeBtn.addEventListener('click', function () {
        var liked = likeBtn.getAttribute('aria-pressed') === 'true';
        pageLikes += liked ? -1 : 1;
        likeBtn.setAttribute('aria-pressed', liked ? 'false' : 'true');
        likeLabel.textContent = pageLikes + ' J’aime';
      });
    }
    if (likedBy) {
      likedBy.addEventListener('click', function () { openLikersPanel(likeBtn && likeBtn.getAttribute('aria-pressed') === 'true'); });
    }
    if (commentBtn) {
      commentBtn.addEventListener('click', function () {
        var target = document.getElementById('CommentsWrapper') || document.getElementById('CommentsPlaceholder');
        if (target) target.scrollIntoView({ behavior: 'smooth', block: 'start' });
        if (commentInput) commentInput.focus();
      });
    }
    if (saveBtn) {
      saveBtn.addEventListener('click', function () {
        var saved = saveBtn.getAttribute('aria-pressed') === 'true';
        saveBtn.setAttribute('aria-pressed', saved ? 'false' : 'true');
        saveBtn.querySelector('.ms-Button-label').textContent = saved ? 'Enregistrer pour plus tard' : 'Enregistré pour plus tard';
      });
    }
  }

  // Panels are attached at the end of <body>, outside the canvas, as in SharePoint.
  var panel = null;
  function openLikersPanel(iLiked) {
    if (panel) panel.remove();
    var me = PEOPLE[CURRENT_USER];
    var names = (iLiked && me ? [me.name] : []).concat(PAGE_LIKERS);
    var list = el('ul');
    names.forEach(function (n, i) {
      list.appendChild(el('li', null, [
        el('span', { 'class': 'persona c' + (i % 10), 'aria-hidden': 'true', text: initials(n) }), n
      ]));
    });
    var close = el('button', { type: 'button', 'class': 'ms-Button sp-panel-close', 'aria-label': 'Fermer', text: '✕' });
    panel = el('div', { 'class': 'sp-panel-layer', role: 'dialog', 'aria-label': 'Personnes qui aiment cette page' }, [
      close, el('h2', { text: 'Personnes qui aiment cette page' }), list
    ]);
    close.addEventListener('click', function () { panel.remove(); panel = null; });
    document.body.appendChild(panel);
    close.focus();
  }

  function start() {
    setupSocialBar();
    setupComments();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

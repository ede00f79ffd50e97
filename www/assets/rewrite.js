// Demo intranet — hostile page /hostile/rewrite.html.
// Rewrites the forum container's innerHTML every 100 ms with the same posts in a
// different order, as SharePoint does when it sorts, pages or reloads a thread.
// Anything another script added inside the container (markers, badges) is lost
// at each rewrite. The root post stays first; the replies are permuted.
(function () {
  'use strict';
  var INTERVAL_MS = 100;
  var container = document.querySelector('.ms-comm-forumContainer');
  if (!container) return;

  // Snapshot of the server-rendered posts, without any data-* attribute that
  // another script may already have added (the page's own markup has none).
  var clean = container.cloneNode(true);
  clean.querySelectorAll('*').forEach(function (node) {
    Array.prototype.slice.call(node.attributes).forEach(function (a) {
      if (a.name.indexOf('data-') === 0) node.removeAttribute(a.name);
    });
  });
  clean.querySelectorAll('[class]').forEach(function (node) {
    // keep only the page's own classes (ms-*, sp-*)
    var keep = node.className.baseVal !== undefined ? null :
      node.className.split(/\s+/).filter(function (c) { return /^(ms-|sp-|c\d$)/.test(c); }).join(' ');
    if (keep !== null) node.className = keep;
  });
  var rootList = clean.querySelector('ul.ms-comm-rootPostList');
  var header = clean.querySelector('.ms-comm-replyCountHeader');
  var replyList = clean.querySelector('ul.ms-comm-replyList');
  if (!rootList || !replyList) return;
  var rootHtml = rootList.outerHTML;
  var headerHtml = header ? header.outerHTML : '';
  var replies = Array.prototype.map.call(replyList.children, function (li) { return li.outerHTML; });
  var n = replies.length;

  // Every permutation differs from the previous one: rotate, and reverse on odd ticks.
  function order(tick) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(replies[(i + tick) % n]);
    if (tick % 2 === 1) out.reverse();
    return out;
  }

  var tick = 0;
  var counter = document.getElementById('rewriteCount');
  function rewrite() {
    tick++;
    container.innerHTML = rootHtml + headerHtml +
      '<ul class="ms-comm-postList ms-comm-replyList">' + order(tick).join('') + '</ul>';
    if (counter) counter.textContent = String(tick);
  }

  var timer = setInterval(rewrite, INTERVAL_MS);
  var toggle = document.getElementById('rewriteToggle');
  if (toggle) {
    toggle.addEventListener('click', function () {
      if (timer) {
        clearInterval(timer);
        timer = null;
        toggle.textContent = 'Reprendre';
      } else {
        timer = setInterval(rewrite, INTERVAL_MS);
        toggle.textContent = 'Mettre en pause';
      }
    });
  }
})();

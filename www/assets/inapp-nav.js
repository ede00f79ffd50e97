// Demo intranet — in-app navigation between modern pages, as SharePoint Online does it:
// a click on a page link fetches the next page and swaps the application's content
// without reloading the document, then pushes the new URL. The extension must notice the
// URL change, drop what it showed for the previous page and read the new one.
//
// The DOM is swapped with importNode (no HTML sink); the next page's own scripts are
// loaded again by URL, as a single-page application loads its page bundles.
(function () {
  'use strict';

  async function go(href, push) {
    var response = await fetch(href, { credentials: 'same-origin' });
    if (!response.ok) { location.href = href; return; }
    var next = new DOMParser().parseFromString(await response.text(), 'text/html');
    var incoming = next.querySelector('.sp-App');
    var current = document.querySelector('.sp-App');
    if (!incoming || !current) { location.href = href; return; }
    if (push) history.pushState({ inapp: true }, '', href);
    document.title = next.title;
    document.documentElement.lang = next.documentElement.lang;
    current.replaceWith(document.importNode(incoming, true));
    next.querySelectorAll('script[src]').forEach(function (old) {
      var src = old.getAttribute('src');
      if (/inapp-nav\.js$/.test(src)) return;
      var script = document.createElement('script');
      script.src = src;
      document.body.appendChild(script);
    });
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-inapp]');
    if (!link || event.defaultPrevented || event.button !== 0 ||
      event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (new URL(link.href).origin !== location.origin) return;
    event.preventDefault();
    go(link.href, true);
  });
  window.addEventListener('popstate', function () { go(location.href, false); });
})();

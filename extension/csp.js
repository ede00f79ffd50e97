// Does a Content-Security-Policy stop WebAssembly from compiling in a content script?
// Chrome compiles content-script wasm under the page's CSP (see ARCHITECTURE.md), so
// the loader asks this before trying, instead of trying and making the browser send the
// site a violation report. Shared by the background (which sees response headers) and
// the content script (which sees <meta http-equiv> policies); a classic script because
// content scripts cannot import modules.
globalThis.animateurCsp = {
  /**
   * `value` is one header value (it may hold several policies, comma-separated).
   * Report-only policies count as blocking too: compiling would still send a report.
   */
  blocksWasm(value) {
    return String(value ?? '').split(',').some((policy) => {
      const directives = new Map();
      for (const part of policy.split(';')) {
        const [name, ...sources] = part.trim().split(/\s+/);
        // The first occurrence of a directive wins (CSP3 §2.2.1).
        if (name && !directives.has(name.toLowerCase())) {
          directives.set(name.toLowerCase(), sources.map((s) => s.toLowerCase()));
        }
      }
      const sources = directives.get('script-src') ?? directives.get('default-src');
      return sources !== undefined &&
        !sources.includes("'unsafe-eval'") && !sources.includes("'wasm-unsafe-eval'");
    });
  },
};

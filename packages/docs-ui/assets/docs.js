// Tabs and the AsyncAPI viewer of the Halyard docs page. Plain browser JavaScript, no build step.
(function () {
  'use strict';
  var config = window.HALYARD_DOCS;
  var tabs = document.querySelectorAll('.hy-tabs [data-tab]');
  var rendered = false;

  function show(name) {
    tabs.forEach(function (tab) {
      tab.setAttribute('aria-selected', String(tab.getAttribute('data-tab') === name));
    });
    document.querySelectorAll('.hy-panel').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-panel') !== name;
    });
    if (name === 'ws' && !rendered) renderAsyncApi();
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  }

  // The AsyncAPI viewer runs in a sandboxed frame (its parser needs eval, which this page's
  // policy forbids): once the frame says it is ready, it gets the document from here.
  function renderAsyncApi() {
    rendered = true;
    var frame = document.getElementById('asyncapi');
    if (!frame) return;
    window.addEventListener('message', function (event) {
      var data = event.data;
      if (event.source !== frame.contentWindow || !data || data.type !== 'halyard-asyncapi-ready') return;
      fetch(config.asyncapiUrl)
        .then(function (response) {
          if (!response.ok) throw new Error(config.asyncapiUrl + ' answered ' + response.status);
          return response.text();
        })
        .then(
          function (text) {
            // '*': the sandboxed frame's origin is opaque; the document is public to this page anyway.
            frame.contentWindow.postMessage({ type: 'halyard-asyncapi', document: text }, '*');
          },
          function (error) {
            frame.contentWindow.postMessage({ type: 'halyard-asyncapi', error: error.message }, '*');
          },
        );
    });
    frame.src = frame.getAttribute('data-src');
  }

  tabs.forEach(function (tab) {
    tab.addEventListener('click', function () {
      show(tab.getAttribute('data-tab'));
    });
  });
  show(location.hash === '#ws' && document.querySelector('[data-tab="ws"]') ? 'ws' : 'rest');
})();

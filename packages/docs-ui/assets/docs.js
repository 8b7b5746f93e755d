// Tabs and viewers of the Halyard docs page, served (`/docs`) or static (`halyard docs --format
// html`, config.mode 'static'). Plain browser JavaScript, no build step.
(function () {
  'use strict';
  var config = window.HALYARD_DOCS;
  var isStatic = config.mode === 'static';
  var tabs = document.querySelectorAll('.hy-tabs [data-tab]');
  var rendered = {};

  // Browsers do not let a file:// page fetch the documents next to it.
  if (isStatic && location.protocol === 'file:') document.getElementById('hy-file-warning').hidden = false;

  // The served page frames Swagger UI from its own route; the static page renders it here.
  function renderRest() {
    if (!isStatic || !window.SwaggerUIBundle) return;
    window.SwaggerUIBundle({
      url: config.openapiUrl,
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
    });
  }

  // Served: the AsyncAPI viewer runs in a sandboxed frame (its parser needs eval, which this
  // page's policy forbids): once the frame says it is ready, it gets the document from here.
  function renderFramedAsyncApi(frame) {
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

  function renderAsyncApi() {
    var target = document.getElementById('asyncapi');
    if (!target) return;
    if (!isStatic) return renderFramedAsyncApi(target);
    if (!window.HalyardAsyncApiViewer || !window.AsyncApiStandalone) return;
    window.HalyardAsyncApiViewer.render(target, {
      url: config.asyncapiUrl,
      requestOptions: { method: 'GET' },
    });
  }

  var renderers = { rest: renderRest, ws: renderAsyncApi };

  function show(name) {
    tabs.forEach(function (tab) {
      tab.setAttribute('aria-selected', String(tab.getAttribute('data-tab') === name));
    });
    document.querySelectorAll('.hy-panel').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-panel') !== name;
    });
    if (!rendered[name]) {
      rendered[name] = true;
      renderers[name]();
    }
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  }

  tabs.forEach(function (tab) {
    tab.addEventListener('click', function () {
      show(tab.getAttribute('data-tab'));
    });
  });
  show(location.hash === '#ws' && document.querySelector('[data-tab="ws"]') ? 'ws' : 'rest');
})();

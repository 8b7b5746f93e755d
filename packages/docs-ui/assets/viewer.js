// The AsyncAPI viewer of the Halyard docs page. Plain browser JavaScript.
// Served (`/docs`): alone in a sandboxed frame with an opaque origin and no network, so the page
// posts the document to it. Static (`halyard docs --format html`): loaded by the page itself,
// which calls HalyardAsyncApiViewer.render with the URL of the document next to it.
(function () {
  'use strict';
  var show = {
    sidebar: false,
    info: true,
    servers: true,
    operations: true,
    messages: true,
    schemas: true,
    errors: true,
  };

  function render(target, schema) {
    window.AsyncApiStandalone.render({ schema: schema, config: { show: show } }, target);
  }

  window.HalyardAsyncApiViewer = { render: render };
  // The page sets its config; the sandboxed frame has none.
  if (window.HALYARD_DOCS) return;

  var target = document.getElementById('asyncapi');
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== 'halyard-asyncapi') return;
    if (typeof data.document !== 'string') {
      target.textContent = 'The AsyncAPI document could not be loaded: ' + String(data.error);
      return;
    }
    render(target, data.document);
  });
  window.parent.postMessage({ type: 'halyard-asyncapi-ready' }, '*');
})();

// The AsyncAPI viewer of the Halyard docs page, in its sandboxed frame. Plain browser JavaScript.
// The frame has an opaque origin and no network: the page posts the document to it.
(function () {
  'use strict';
  var target = document.getElementById('asyncapi');

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== 'halyard-asyncapi') return;
    if (typeof data.document !== 'string') {
      target.textContent = 'The AsyncAPI document could not be loaded: ' + String(data.error);
      return;
    }
    window.AsyncApiStandalone.render(
      {
        schema: data.document,
        config: {
          show: {
            sidebar: false,
            info: true,
            servers: true,
            operations: true,
            messages: true,
            schemas: true,
            errors: true,
          },
        },
      },
      target,
    );
  });
  window.parent.postMessage({ type: 'halyard-asyncapi-ready' }, '*');
})();

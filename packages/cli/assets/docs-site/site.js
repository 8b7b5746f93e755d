// The static API docs written by `halyard docs --format html`: Swagger UI for the REST API, the
// AsyncAPI viewer for the WebSocket API. Plain browser JavaScript, no build step, no network
// access besides the two documents next to the page.
(function () {
  'use strict';
  var config = window.HALYARD_STATIC_DOCS;
  var tabs = document.querySelectorAll('.hy-tabs [data-tab]');
  var rendered = {};

  if (location.protocol === 'file:') document.getElementById('hy-file-warning').hidden = false;

  var renderers = {
    rest: function () {
      if (!window.SwaggerUIBundle) return;
      window.SwaggerUIBundle({
        url: config.openapiUrl,
        dom_id: '#swagger-ui',
        deepLinking: true,
        validatorUrl: null,
      });
    },
    ws: function () {
      var target = document.getElementById('asyncapi');
      if (!target || !window.AsyncApiStandalone) return;
      window.AsyncApiStandalone.render(
        {
          schema: { url: config.asyncapiUrl, requestOptions: { method: 'GET' } },
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
    },
  };

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

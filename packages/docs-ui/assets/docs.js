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

  function renderAsyncApi() {
    rendered = true;
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
  }

  tabs.forEach(function (tab) {
    tab.addEventListener('click', function () {
      show(tab.getAttribute('data-tab'));
    });
  });
  show(location.hash === '#ws' && document.querySelector('[data-tab="ws"]') ? 'ws' : 'rest');
})();

// The live WebSocket console of the Halyard docs page: pick a channel, fill its path parameters and
// query, connect, pick a documented message (pre-filled with its example), send, and watch replies,
// pushes and error frames arrive. Everything it offers is read from the served AsyncAPI document.
(function () {
  'use strict';
  var config = window.HALYARD_DOCS;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var channelSelect = $('hy-channel');
  var messageSelect = $('hy-message');
  var paramsBox = $('hy-params');
  var payload = $('hy-payload');
  var log = $('hy-log');
  var status = $('hy-status');
  var connectButton = $('hy-connect');
  var disconnectButton = $('hy-disconnect');
  var sendButton = $('hy-send');
  var doc = null;
  var socket = null;
  var nextId = 1;

  function resolve(ref) {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .reduce(function (node, key) {
        return node && node[key];
      }, doc);
  }

  function option(select, value, label) {
    var element = document.createElement('option');
    element.value = value;
    element.textContent = label;
    select.appendChild(element);
  }

  function field(kind, name, required, hint) {
    var label = document.createElement('label');
    label.textContent = (kind === 'param' ? 'path ' : 'query ') + name + (required ? ' *' : '');
    var input = document.createElement('input');
    input.name = name;
    input.setAttribute('data-kind', kind);
    input.setAttribute('data-testid', kind + '-' + name);
    if (hint) input.placeholder = hint;
    label.appendChild(input);
    paramsBox.appendChild(label);
  }

  function addLog(kind, text) {
    var item = document.createElement('li');
    item.setAttribute('data-kind', kind);
    var badge = document.createElement('span');
    badge.className = 'hy-kind';
    badge.textContent = kind;
    item.appendChild(badge);
    item.appendChild(document.createTextNode(text));
    log.insertBefore(item, log.firstChild);
  }

  function setStatus(state, detail) {
    status.textContent = detail ? state + ' (' + detail + ')' : state;
    status.setAttribute('data-state', state);
    var open = state === 'open';
    connectButton.disabled = open || state === 'connecting';
    disconnectButton.disabled = !open;
    sendButton.disabled = !open;
  }

  function showChannel() {
    var key = channelSelect.value;
    var channel = doc.channels[key];
    paramsBox.textContent = '';
    Object.keys(channel.parameters || {}).forEach(function (name) {
      field('param', name, true, '');
    });
    var query = channel.bindings && channel.bindings.ws && channel.bindings.ws.query;
    var required = (query && query.required) || [];
    Object.keys((query && query.properties) || {}).forEach(function (name) {
      var schema = query.properties[name];
      field('query', name, required.indexOf(name) >= 0, schema.type || '');
    });
    messageSelect.textContent = '';
    Object.keys(doc.operations || {})
      .sort()
      .forEach(function (operationId) {
        var operation = doc.operations[operationId];
        if (operation.action !== 'receive' || operation.channel.$ref !== '#/channels/' + key) return;
        var message = resolve(resolve(operation.messages[0].$ref).$ref);
        var type =
          message && message.payload && message.payload.properties && message.payload.properties.type;
        option(messageSelect, operationId, (type && type.const) || operationId);
      });
    showMessage();
  }

  function showMessage() {
    var operation = doc.operations[messageSelect.value];
    if (!operation) {
      payload.value = '';
      return;
    }
    var message = resolve(resolve(operation.messages[0].$ref).$ref);
    var example = message.examples && message.examples[0] && message.examples[0].payload;
    var type = message.payload.properties.type;
    var envelope = example ? JSON.parse(JSON.stringify(example)) : { type: type && type.const, data: {} };
    delete envelope.id;
    payload.value = JSON.stringify(envelope, null, 2);
  }

  function connect() {
    var channel = doc.channels[channelSelect.value];
    var address = channel.address;
    var query = [];
    var missing = [];
    paramsBox.querySelectorAll('input').forEach(function (input) {
      var value = input.value.trim();
      if (input.getAttribute('data-kind') === 'param') {
        if (!value) missing.push(input.name);
        address = address.replace('{' + input.name + '}', encodeURIComponent(value));
      } else if (value) {
        query.push(encodeURIComponent(input.name) + '=' + encodeURIComponent(value));
      }
    });
    if (missing.length) {
      addLog('status', 'fill in ' + missing.join(', '));
      return;
    }
    var url =
      (location.protocol === 'https:' ? 'wss://' : 'ws://') +
      location.host +
      address +
      (query.length ? '?' + query.join('&') : '');
    setStatus('connecting');
    addLog('status', 'connecting to ' + url);
    socket = new WebSocket(url);
    socket.onopen = function () {
      setStatus('open');
      addLog('status', 'open');
    };
    socket.onclose = function (event) {
      setStatus('closed', event.code + (event.reason ? ' ' + event.reason : ''));
      addLog(
        'status',
        'closed ' +
          event.code +
          (event.reason ? ' ' + event.reason : '') +
          (event.code === 1006 ? ' (the upgrade was refused or the connection dropped)' : ''),
      );
      socket = null;
    };
    socket.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        addLog('error', 'not JSON (' + error.message + '): ' + String(event.data));
        return;
      }
      addLog(
        frame.type === 'reply' ? 'reply' : frame.type === 'error' ? 'error' : 'push',
        JSON.stringify(frame, null, 2),
      );
    };
  }

  function send() {
    var envelope;
    try {
      envelope = JSON.parse(payload.value);
    } catch (error) {
      addLog('error', 'the message is not valid JSON: ' + error.message);
      return;
    }
    if (envelope && typeof envelope === 'object' && !Array.isArray(envelope) && envelope.id === undefined)
      envelope.id = 'c' + nextId++;
    var text = JSON.stringify(envelope);
    socket.send(text);
    addLog('sent', JSON.stringify(envelope, null, 2));
  }

  fetch(config.asyncapiUrl)
    .then(function (response) {
      return response.json();
    })
    .then(function (document) {
      doc = document;
      Object.keys(doc.channels || {})
        .sort()
        .forEach(function (key) {
          option(channelSelect, key, doc.channels[key].address);
        });
      channelSelect.addEventListener('change', showChannel);
      messageSelect.addEventListener('change', showMessage);
      connectButton.addEventListener('click', connect);
      disconnectButton.addEventListener('click', function () {
        if (socket) socket.close(1000, 'closed from the docs console');
      });
      sendButton.addEventListener('click', send);
      setStatus('closed');
      if (channelSelect.options.length) showChannel();
    })
    .catch(function (error) {
      addLog('error', 'could not load ' + config.asyncapiUrl + ': ' + error.message);
    });
})();

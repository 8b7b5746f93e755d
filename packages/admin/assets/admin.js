// The Halyard admin page: renders the live feed ({prefix}/live: hello, snapshot, traffic frames) and
// drives the JSON API ({prefix}/api/send, /disconnect). Served as it is: no build step, no framework.
// Everything that came from a client (metadata, presence, previews) is written with textContent only.
(function () {
  'use strict';

  var prefix = document.body.getAttribute('data-prefix') || '';
  var $ = function (testId) {
    return document.querySelector('[data-testid="' + testId + '"]');
  };

  var liveStatus = $('live-status');
  var trafficList = $('traffic');
  var trafficInfo = $('traffic-info');
  var pauseButton = $('traffic-pause');
  var filterInput = $('traffic-filter');
  var connectionBody = $('connections').querySelector('tbody');
  var connectionRows = new Map();

  var trafficLimit = 200;
  var paused = false;
  var held = [];
  var skippedTotal = 0;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function compact(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object' && Object.keys(value).length === 0) return '';
    return JSON.stringify(value);
  }

  function formatBytes(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' kB';
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  function formatTime(ms) {
    var date = new Date(ms);
    var pad = function (n, width) {
      return String(n).padStart(width || 2, '0');
    };
    return (
      pad(date.getHours()) +
      ':' +
      pad(date.getMinutes()) +
      ':' +
      pad(date.getSeconds()) +
      '.' +
      pad(date.getMilliseconds(), 3)
    );
  }

  function formatAge(iso, now) {
    var seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + 's';
    if (seconds < 3600) return Math.floor(seconds / 60) + 'm ' + (seconds % 60) + 's';
    return Math.floor(seconds / 3600) + 'h ' + Math.floor((seconds % 3600) / 60) + 'm';
  }

  function fillDatalist(id, values) {
    var list = document.getElementById(id);
    var wanted = values.join('\n');
    if (list.getAttribute('data-values') === wanted) return;
    list.setAttribute('data-values', wanted);
    list.textContent = '';
    values.forEach(function (value) {
      list.appendChild(el('option', { value: value }));
    });
  }

  // ---- stats --------------------------------------------------------------------------------

  var counters = [
    ['connections', 'open connections', String],
    ['connectionsTotal', 'connections since start', String],
    ['messagesIn', 'messages in', String],
    ['messagesOut', 'messages out', String],
    ['bytesIn', 'bytes in', formatBytes],
    ['bytesOut', 'bytes out', formatBytes],
    ['dropped', 'dropped', String],
  ];

  function renderStats(stats) {
    setText($('adapter'), 'adapter: ' + stats.adapter);
    var list = $('stats');
    if (list.children.length === 0)
      counters.forEach(function (counter) {
        list.appendChild(
          el('div', { 'data-stat': counter[0] }, [el('dt', {}, [counter[1]]), el('dd', {}, ['0'])]),
        );
      });
    counters.forEach(function (counter) {
      setText(list.querySelector('[data-stat="' + counter[0] + '"] dd'), counter[2](stats[counter[0]]));
    });

    var errors = $('errors').querySelector('tbody');
    errors.textContent = '';
    var codes = Object.keys(stats.errors).sort();
    if (codes.length === 0)
      errors.appendChild(el('tr', {}, [el('td', { colspan: '2', class: 'hy-muted' }, ['none'])]));
    codes.forEach(function (code) {
      errors.appendChild(el('tr', {}, [el('td', {}, [code]), el('td', {}, [String(stats.errors[code])])]));
    });

    var routes = $('routes').querySelector('tbody');
    routes.textContent = '';
    Object.keys(stats.routes)
      .sort()
      .forEach(function (route) {
        var r = stats.routes[route];
        var errorCount = Object.keys(r.errors).reduce(function (sum, code) {
          return sum + r.errors[code];
        }, 0);
        routes.appendChild(
          el('tr', { 'data-route': route }, [
            el('td', {}, [route]),
            el('td', {}, [String(r.connections)]),
            el('td', {}, [String(r.connectionsTotal)]),
            el('td', {}, [String(r.messagesIn)]),
            el('td', {}, [String(r.messagesOut)]),
            el('td', {}, [formatBytes(r.bytesIn)]),
            el('td', {}, [formatBytes(r.bytesOut)]),
            el('td', {}, [String(r.dropped)]),
            el('td', { title: JSON.stringify(r.errors) }, [String(errorCount)]),
          ]),
        );
      });
  }

  // ---- handler latency (percentiles per route and message type, from the snapshot) ------------

  function formatMs(ms) {
    if (ms < 10) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return ms.toFixed(1) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }

  function renderLatency(rows) {
    var card = $('latency-card');
    // `latency: false` on the server: the feed sends null and the card is not shown.
    card.hidden = rows === null || rows === undefined;
    if (card.hidden) return;
    var body = $('latency').querySelector('tbody');
    body.textContent = '';
    if (rows.length === 0)
      body.appendChild(el('tr', {}, [el('td', { colspan: '10', class: 'hy-muted' }, ['no messages yet'])]));
    rows.forEach(function (row) {
      body.appendChild(
        el('tr', { 'data-route': row.route, 'data-type': row.type }, [
          el('td', {}, [row.route]),
          el('td', {}, [row.type]),
          el('td', {}, [String(row.count)]),
          el('td', {}, [String(row.outcomes.ok)]),
          el('td', {}, [String(row.outcomes.rejected)]),
          el('td', {}, [String(row.outcomes.error)]),
          el('td', {}, [String(row.outcomes.closed)]),
          el('td', {}, [formatMs(row.p50Ms)]),
          el('td', {}, [formatMs(row.p95Ms)]),
          el('td', {}, [formatMs(row.p99Ms)]),
        ]),
      );
    });
  }

  // ---- connections (rows are kept by id, so a button is never replaced under the pointer) ------

  function connectionRow(connection) {
    var cells = [];
    for (var i = 0; i < 7; i++) cells.push(el('td'));
    var message = el('button', { type: 'button', 'data-action': 'message' }, ['Message']);
    var disconnect = el('button', { type: 'button', 'data-action': 'disconnect', class: 'hy-danger' }, [
      'Disconnect',
    ]);
    message.addEventListener('click', function () {
      prefillSend('connection', connection.id);
    });
    disconnect.addEventListener('click', function () {
      var form = document.getElementById('hy-disconnect');
      form.elements.id.value = connection.id;
      form.elements.reason.focus();
    });
    var row = el(
      'tr',
      { 'data-connection-id': connection.id },
      cells.concat([el('td', { class: 'hy-actions' }, [message, disconnect])]),
    );
    row.cells[0].className = 'hy-id';
    return row;
  }

  function renderConnections(connections, total, now) {
    setText(
      $('connection-count'),
      connections.length < total ? connections.length + ' of ' + total : String(total),
    );
    var seen = new Set();
    connections.forEach(function (connection, index) {
      seen.add(connection.id);
      var row = connectionRows.get(connection.id);
      if (!row) {
        row = connectionRow(connection);
        connectionRows.set(connection.id, row);
      }
      var texts = [
        connection.id,
        connection.route,
        connection.remoteAddress,
        formatTime(Date.parse(connection.connectedAt)) + ' (' + formatAge(connection.connectedAt, now) + ')',
        compact(connection.metadata),
        compact(connection.presence),
        connection.rooms.join(', '),
      ];
      texts.forEach(function (text, cell) {
        setText(row.cells[cell], text);
      });
      if (connectionBody.children[index] !== row)
        connectionBody.insertBefore(row, connectionBody.children[index] || null);
    });
    connectionRows.forEach(function (row, id) {
      if (seen.has(id)) return;
      row.remove();
      connectionRows.delete(id);
    });
    fillDatalist(
      'hy-connection-ids',
      connections.map(function (connection) {
        return connection.id;
      }),
    );
  }

  // ---- rooms ----------------------------------------------------------------------------------

  function renderRooms(rooms) {
    var list = $('rooms');
    var signature = JSON.stringify(rooms);
    if (list.getAttribute('data-signature') === signature) return;
    list.setAttribute('data-signature', signature);
    list.textContent = '';
    if (rooms === null) {
      list.appendChild(el('li', { class: 'hy-muted' }, ['rooms unavailable (see the server log)']));
      return;
    }
    setText($('room-count'), String(rooms.length));
    if (rooms.length === 0) list.appendChild(el('li', { class: 'hy-muted' }, ['no rooms']));
    rooms.forEach(function (room) {
      var name = el('button', { type: 'button', class: 'hy-link', title: 'Send to this room' }, [room.name]);
      name.addEventListener('click', function () {
        prefillSend('room', room.name);
      });
      var members = el(
        'ul',
        {},
        room.members.map(function (member) {
          return el('li', { 'data-member-id': member.id }, [
            el('code', {}, [member.id]),
            member.local ? '' : el('span', { class: 'hy-badge' }, ['other instance']),
            member.data === null ? '' : ' ' + JSON.stringify(member.data),
          ]);
        }),
      );
      list.appendChild(
        el('li', { 'data-room': room.name }, [
          name,
          ' ',
          el('small', {}, [room.members.length + (room.members.length === 1 ? ' member' : ' members')]),
          members,
        ]),
      );
    });
  }

  // ---- traffic ------------------------------------------------------------------------------

  function trafficItem(event) {
    var item = el('li', { 'data-direction': event.direction, 'data-connection-id': event.connectionId }, [
      el('span', { class: 'hy-dir' }, [event.direction === 'in' ? '⇢ in' : '⇠ out']),
      el('time', {}, [formatTime(event.at)]),
      el('code', { class: 'hy-id' }, [event.connectionId]),
      el('span', { class: 'hy-route' }, [event.route]),
      el('span', { class: 'hy-bytes' }, [formatBytes(event.bytes)]),
      el('pre', { class: 'hy-preview' }, [event.preview]),
    ]);
    item.setAttribute(
      'data-search',
      (event.connectionId + ' ' + event.route + ' ' + event.preview).toLowerCase(),
    );
    applyFilter(item);
    return item;
  }

  function applyFilter(item) {
    var filter = filterInput.value.trim().toLowerCase();
    item.hidden = filter !== '' && item.getAttribute('data-search').indexOf(filter) === -1;
  }

  function showTraffic(events) {
    events.forEach(function (event) {
      trafficList.insertBefore(trafficItem(event), trafficList.firstChild);
    });
    while (trafficList.children.length > trafficLimit) trafficList.lastChild.remove();
  }

  function updateTrafficInfo() {
    var parts = [];
    if (paused) parts.push('paused, ' + held.length + ' new');
    if (skippedTotal > 0) parts.push(skippedTotal + ' frames skipped (the page read too slowly)');
    setText(trafficInfo, parts.join(' · '));
  }

  function receiveTraffic(events, skipped) {
    skippedTotal += skipped;
    if (paused) {
      held = held.concat(events).slice(-trafficLimit);
    } else {
      showTraffic(events);
    }
    updateTrafficInfo();
  }

  pauseButton.addEventListener('click', function () {
    paused = !paused;
    pauseButton.setAttribute('aria-pressed', String(paused));
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      showTraffic(held);
      held = [];
    }
    updateTrafficInfo();
  });
  $('traffic-clear').addEventListener('click', function () {
    trafficList.textContent = '';
    held = [];
    skippedTotal = 0;
    updateTrafficInfo();
  });
  filterInput.addEventListener('input', function () {
    Array.prototype.forEach.call(trafficList.children, applyFilter);
  });

  // ---- live feed ----------------------------------------------------------------------------

  var retryMs = 500;

  function setLive(state, text) {
    liveStatus.setAttribute('data-state', state);
    setText(liveStatus, text);
  }

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + prefix + '/live';
    var socket = new WebSocket(url);
    var opened = false;
    socket.addEventListener('open', function () {
      opened = true;
      retryMs = 500;
      setLive('open', 'live');
    });
    socket.addEventListener('message', function (message) {
      var frame = JSON.parse(message.data);
      switch (frame.type) {
        case 'hello':
          trafficLimit = frame.data.trafficBuffer;
          trafficList.textContent = '';
          showTraffic(frame.data.recent);
          break;
        case 'snapshot':
          renderStats(frame.data.stats);
          renderLatency(frame.data.latency);
          renderConnections(frame.data.connections, frame.data.stats.connections, frame.data.at);
          renderRooms(frame.data.rooms);
          fillDatalist(
            'hy-room-names',
            (frame.data.rooms || []).map(function (room) {
              return room.name;
            }),
          );
          break;
        case 'traffic':
          receiveTraffic(frame.data.events, frame.data.skipped);
          break;
        default:
          break;
      }
    });
    socket.addEventListener('close', function (event) {
      setLive('closed', 'reconnecting… (' + event.code + ')');
      // A refused upgrade looks like a close before open: the login may have expired.
      if (!opened) checkSession();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10000);
    });
  }

  function checkSession() {
    fetch(prefix + '/api/stats', { credentials: 'same-origin' }).then(
      function (response) {
        if (response.status === 401) location.reload();
      },
      function () {},
    );
  }

  // ---- forms --------------------------------------------------------------------------------

  function showResult(output, ok, text) {
    output.setAttribute('data-state', ok ? 'ok' : 'error');
    output.textContent = text;
  }

  function post(path, body) {
    return fetch(prefix + '/api/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 401) location.reload();
      return response.json().then(function (json) {
        if (response.ok) return json;
        var details = (json.errors || []).map(function (error) {
          return error.message;
        });
        throw new Error(json.detail + (details.length ? ': ' + details.join('; ') : ''));
      });
    });
  }

  var sendForm = document.getElementById('hy-send');

  function showTargetFields() {
    var target = sendForm.elements.target.value;
    Array.prototype.forEach.call(sendForm.querySelectorAll('[data-for]'), function (label) {
      label.hidden = label.getAttribute('data-for') !== target;
    });
  }

  function prefillSend(target, value) {
    sendForm.elements.target.value = target;
    showTargetFields();
    if (target === 'connection') sendForm.elements.id.value = value;
    if (target === 'room') sendForm.elements.room.value = value;
    sendForm.elements.type.focus();
  }

  sendForm.elements.target.addEventListener('change', showTargetFields);
  sendForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var output = $('send-result');
    var fields = sendForm.elements;
    var body = { target: fields.target.value, type: fields.type.value.trim() };
    if (body.target === 'connection') body.id = fields.id.value.trim();
    if (body.target === 'room') body.room = fields.room.value.trim();
    var text = fields.data.value.trim();
    if (text !== '') {
      try {
        body.data = JSON.parse(text);
      } catch (error) {
        showResult(output, false, 'Data is not valid JSON: ' + error.message);
        return;
      }
    }
    post('send', body).then(
      function (result) {
        showResult(
          output,
          true,
          'Sent "' + result.type + '" to ' + result.localRecipients + ' connection(s) on this instance',
        );
      },
      function (error) {
        showResult(output, false, error.message);
      },
    );
  });

  var disconnectForm = document.getElementById('hy-disconnect');
  disconnectForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var output = $('disconnect-result');
    var fields = disconnectForm.elements;
    var body = { id: fields.id.value.trim() };
    if (fields.code.value !== '') body.code = Number(fields.code.value);
    if (fields.reason.value !== '') body.reason = fields.reason.value;
    post('disconnect', body).then(
      function (result) {
        showResult(output, true, 'Closed ' + result.id + ' with ' + result.code + ' (' + result.reason + ')');
        fields.id.value = '';
      },
      function (error) {
        showResult(output, false, error.message);
      },
    );
  });

  showTargetFields();
  connect();
})();

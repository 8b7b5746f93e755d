import { createHash } from 'node:crypto';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The document both pages share: `head` goes after the title and icon, `body` is the `<body>` tag and its content. */
function htmlPage(page: { title: string; head: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="icon" href="data:,">
${page.head}
</head>
${page.body}
</body>
</html>
`;
}

/** The page loads only its own script and styles; everything dynamic comes over fetch and the feed. */
export const pageSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The login page is self-contained (its styles are inline), so it needs no asset behind the guard. */
const loginStyles = `
body { font: 15px/1.5 system-ui, sans-serif; background: #f4f5f7; color: #1d2330; display: grid; place-items: center; min-height: 100vh; margin: 0; }
form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; display: grid; gap: .75rem; min-width: 18rem; }
h1 { font-size: 1.2rem; margin: 0; }
input, button { font: inherit; padding: .45rem .6rem; border-radius: 4px; border: 1px solid #b8bfcc; }
button { background: #2554c7; color: #fff; border-color: #2554c7; cursor: pointer; }
.error { color: #b3261e; margin: 0; }
`;

/** The inline styles are allowed by their hash, not by `'unsafe-inline'`. */
export const loginSecurityPolicy =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(loginStyles).digest('base64')}'; ` +
  "img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The admin page. The prefix reaches the script through a data attribute because the security
 * policy allows no inline script.
 */
export function renderAdminPage(options: { prefix: string; usesToken: boolean }): string {
  const prefix = escapeHtml(options.prefix);
  return htmlPage({
    title: 'Halyard admin',
    head: `<link rel="stylesheet" href="${prefix}/assets/admin.css">`,
    body: `<body data-prefix="${prefix}">
<header class="hy-header">
  <h1>Halyard admin</h1>
  <span class="hy-live" data-testid="live-status" data-state="connecting">connecting…</span>
  ${
    options.usesToken
      ? `<form method="post" action="${prefix}/logout" class="hy-logout"><button type="submit" data-testid="logout">Log out</button></form>`
      : ''
  }
</header>
<main class="hy-grid">
  <section class="hy-card hy-stats" aria-labelledby="stats-title">
    <h2 id="stats-title">Stats <small data-testid="adapter"></small></h2>
    <dl class="hy-counters" data-testid="stats"></dl>
    <div class="hy-split">
      <div><h3>Errors by code</h3><table data-testid="errors"><thead><tr><th>code</th><th>count</th></tr></thead><tbody></tbody></table></div>
      <div><h3>Per route</h3><table data-testid="routes"><thead><tr><th>route</th><th>open</th><th>total</th><th>in</th><th>out</th><th>bytes in</th><th>bytes out</th><th>dropped</th><th>errors</th></tr></thead><tbody></tbody></table></div>
    </div>
  </section>
  <section class="hy-card hy-wide" aria-labelledby="latency-title" data-testid="latency-card">
    <h2 id="latency-title">Handler latency <small>from the message reaching the dispatcher to its outcome, since start</small></h2>
    <div class="hy-scroll">
      <table class="hy-numbers" data-testid="latency"><thead><tr><th>route</th><th>type</th><th>messages</th><th>ok</th><th>rejected</th><th>error</th><th>closed</th><th>p50</th><th>p95</th><th>p99</th></tr></thead><tbody></tbody></table>
    </div>
  </section>
  <section class="hy-card hy-wide" aria-labelledby="connections-title">
    <h2 id="connections-title">Connections <small data-testid="connection-count">0</small></h2>
    <div class="hy-scroll">
      <table class="hy-connections" data-testid="connections">
        <thead><tr><th>id</th><th>route</th><th>remote address</th><th>connected since</th><th>metadata</th><th>presence</th><th>rooms</th><th></th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
  </section>
  <section class="hy-card" aria-labelledby="rooms-title">
    <h2 id="rooms-title">Rooms <small data-testid="room-count">0</small></h2>
    <ul class="hy-rooms" data-testid="rooms"></ul>
  </section>
  <section class="hy-card" aria-labelledby="send-title">
    <h2 id="send-title">Send a message</h2>
    <form id="hy-send" class="hy-form" data-testid="send-form">
      <label>Target <select name="target" data-testid="send-target">
        <option value="connection">connection</option><option value="room">room</option><option value="all">all connections</option>
      </select></label>
      <label data-for="connection">Connection id <input name="id" list="hy-connection-ids" autocomplete="off" data-testid="send-id"></label>
      <label data-for="room" hidden>Room <input name="room" list="hy-room-names" autocomplete="off" data-testid="send-room"></label>
      <label>Event type <input name="type" required autocomplete="off" placeholder="notice" data-testid="send-type"></label>
      <label>Data (JSON) <textarea name="data" rows="4" spellcheck="false" data-testid="send-data">{}</textarea></label>
      <button type="submit" data-testid="send-submit">Send</button>
      <output data-testid="send-result"></output>
    </form>
    <h2>Disconnect</h2>
    <form id="hy-disconnect" class="hy-form" data-testid="disconnect-form">
      <label>Connection id <input name="id" required list="hy-connection-ids" autocomplete="off" data-testid="disconnect-id"></label>
      <label>Close code <input name="code" type="number" value="1000" min="1000" max="4999" data-testid="disconnect-code"></label>
      <label>Reason <input name="reason" maxlength="123" placeholder="Disconnected by admin" data-testid="disconnect-reason"></label>
      <button type="submit" class="hy-danger" data-testid="disconnect-submit">Disconnect</button>
      <output data-testid="disconnect-result"></output>
    </form>
    <datalist id="hy-connection-ids"></datalist>
    <datalist id="hy-room-names"></datalist>
  </section>
  <section class="hy-card hy-wide" aria-labelledby="traffic-title">
    <h2 id="traffic-title">Traffic</h2>
    <div class="hy-toolbar">
      <button type="button" data-testid="traffic-pause" aria-pressed="false">Pause</button>
      <button type="button" data-testid="traffic-clear">Clear</button>
      <label>Filter <input type="search" placeholder="connection id, route or text" data-testid="traffic-filter"></label>
      <span data-testid="traffic-info"></span>
    </div>
    <ol class="hy-traffic" data-testid="traffic"></ol>
  </section>
</main>
<script src="${prefix}/assets/admin.js"></script>`,
  });
}

/** The token form, answered with 401 to a browser that is not logged in. */
export function renderLoginPage(options: { prefix: string; message?: string }): string {
  const prefix = escapeHtml(options.prefix);
  return htmlPage({
    title: 'Halyard admin · log in',
    head: `<style>${loginStyles}</style>`,
    body: `<body>
<form method="post" action="${prefix}/login" data-testid="login-form">
  <h1>Halyard admin</h1>
  ${options.message ? `<p class="error" role="alert" data-testid="login-error">${escapeHtml(options.message)}</p>` : ''}
  <label>Admin token <input type="password" name="token" required autofocus autocomplete="current-password" data-testid="login-token"></label>
  <button type="submit" data-testid="login-submit">Log in</button>
</form>`,
  });
}

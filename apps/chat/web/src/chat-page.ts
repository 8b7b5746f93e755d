import { connect, type HalyardClient, type StatusChange, type StreamPosition } from '@halyard/client';
import { chatSocket, type ChatSocketQuery, type ChatSocketSchema, type MessageDto } from './api-client.js';
import { displayName, element } from './page-url.js';
import { problemText, restApi, useBearer } from './rest-api.js';
import { Session } from './session.js';

const roomList = element<HTMLUListElement>('rooms');
const messages = element<HTMLOListElement>('messages');
const members = element<HTMLUListElement>('members');
const typingLine = element<HTMLParagraphElement>('typing');
const status = element<HTMLSpanElement>('status');
const title = element<HTMLHeadingElement>('room-title');
const form = element<HTMLFormElement>('send-form');
const input = element<HTMLInputElement>('message-input');
const boardLink = element<HTMLAnchorElement>('board-link');
const notice = element<HTMLParagraphElement>('notice');
const inviteForm = element<HTMLFormElement>('invite-form');

let session: Session | undefined;

let client: HalyardClient<ChatSocketSchema> | undefined;
let currentRoom: string | undefined;
const typingNow = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>();

/** A fresh idempotency key per message (`crypto.randomUUID` needs a secure context; this does not). */
function newClientId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * Shows a message once (by id), in `sentAt` order: history loaded again after a `$reset` fills the
 * gap between messages already shown, and a message both in the history and after its position
 * (stored while the history was read) is shown once.
 */
function showMessage(message: Pick<MessageDto, 'id' | 'author' | 'text' | 'kind' | 'sentAt'>): void {
  if (messages.querySelector(`[data-id="${CSS.escape(message.id)}"]`)) return;
  const item = document.createElement('li');
  item.dataset['id'] = message.id;
  item.dataset['kind'] = message.kind;
  item.dataset['sentAt'] = message.sentAt;
  item.className = message.kind === 'system' ? 'message system' : 'message';
  const time = new Date(message.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (message.kind === 'system') {
    item.textContent = `${message.text} · ${time}`;
  } else {
    const author = document.createElement('strong');
    author.textContent = message.author;
    const when = document.createElement('time');
    when.textContent = time;
    const text = document.createElement('p');
    text.textContent = message.text;
    item.append(author, when, text);
  }
  // ISO timestamps sort as strings; equal times keep arrival order. Live messages are the newest,
  // so they go straight to the end; only history filling a gap needs the scan.
  const last = messages.lastElementChild as HTMLElement | null;
  const later =
    last && (last.dataset['sentAt'] ?? '') > message.sentAt
      ? [...messages.children].find(
          (other) => ((other as HTMLElement).dataset['sentAt'] ?? '') > message.sentAt,
        )
      : undefined;
  messages.insertBefore(item, later ?? null);
  if (!later) messages.scrollTop = messages.scrollHeight;
}

function renderMembers(list: Array<{ id: string; name: string }>): void {
  members.replaceChildren(
    ...list.map((member) => {
      const item = document.createElement('li');
      item.dataset['id'] = member.id;
      item.textContent = member.name;
      // The server checks the role again (ModeratorGuard): the button is only a convenience.
      if (session?.role === 'moderator' && member.name !== session.name) {
        const kick = document.createElement('button');
        kick.className = 'kick';
        kick.textContent = 'remove';
        kick.addEventListener('click', () => {
          client?.request('kick', { connectionId: member.id }).catch(reportFailure);
        });
        item.append(' ', kick);
      }
      return item;
    }),
  );
}

function renderTyping(): void {
  const names = [...typingNow.values()].map((entry) => entry.name);
  typingLine.textContent =
    names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

function showStatus(change: StatusChange): void {
  status.dataset['state'] = change.status;
  status.textContent =
    change.status === 'reconnecting' ? `reconnecting (attempt ${change.attempt})` : change.status;
  // e.g. 4400 query failed validation, 4404 Room "x" not found: the client does not retry those.
  if (change.status === 'closed' && change.cause === 'do-not-retry')
    notice.textContent = `${change.code} ${change.reason}`;
}

async function refreshMembers(): Promise<void> {
  if (!client) return;
  renderMembers(await client.request('members'));
}

/**
 * The room's history over REST and the position it ends at. Loaded once per room, and again only
 * on a `$reset`: a reconnect resumes from the last position instead (docs/delivery.md).
 */
async function loadHistory(roomId: string): Promise<StreamPosition | undefined> {
  const page = await restApi.rooms.history({ params: { roomId }, query: { limit: 100 } });
  if (currentRoom !== roomId) return undefined;
  for (const message of page.messages) showMessage(message);
  return page.position;
}

function reportFailure(error: Error): void {
  notice.textContent = problemText(error);
}

async function openRoom(roomId: string, name: string, isPrivate = false): Promise<void> {
  client?.close(1000, 'switching rooms');
  client = undefined;
  currentRoom = roomId;
  typingNow.clear();
  renderTyping();
  title.textContent = `# ${roomId}`;
  boardLink.href = `/board.html?board=${encodeURIComponent(roomId)}`;
  for (const item of roomList.querySelectorAll('li'))
    item.classList.toggle('active', item.dataset['room'] === roomId);
  messages.replaceChildren();
  notice.textContent = '';
  inviteForm.hidden = !isPrivate;

  // A private room answers members only: a REST 403 (or the socket's 4403) is shown in the notice.
  await session?.valid();
  // History first, then the socket from the position it ends at: what is pushed after the read
  // comes over the socket, once (a message stored during the read is in both: showMessage skips it).
  const position = await loadHistory(roomId);
  if (!position) return;
  // Browsers cannot see the server's pings: the client's default heartbeat (`$ping` after 25 s
  // of silence, reconnect when nothing answers within 10 s) notices a dead link on a quiet room.
  // The token is not in the URL: the `auth` provider gives the client a fresh one for every attempt
  // (as `?token=`) and answers the server's `$expiring` with `$auth`, on the same socket.
  const query: ChatSocketQuery = { name };
  const next = connect<ChatSocketSchema>(chatSocket.url({ roomId }, query), {
    ...(session && { auth: () => session!.fresh() }),
  });
  client = next;
  const stream = `room:${roomId}`; // the hub room the server's ChatSocket joins (roomChannel)
  // Before the socket opens: the client sends `$resume` from here as its first frame, and again
  // from its last position after every reconnect, to whichever instance it reaches.
  next.resumeFrom(stream, position);
  next.onStatus(showStatus);
  // Presence is not replayed: who is here is asked again on every (re)connect.
  next.onOpen(() => void refreshMembers());
  // The server cannot replay what we missed (away too long, or it lost the log): load the history
  // again (shown once by id) and continue from its position.
  next.onReset(() => {
    loadHistory(roomId).then((fresh) => {
      if (fresh && client === next) next.resumeFrom(stream, fresh);
    }, reportFailure);
  });
  next.on('message.created', (message) => showMessage(message));
  next.on('presence.joined', () => void refreshMembers());
  next.on('presence.left', (change) => {
    typingNow.delete(change.member.id);
    renderTyping();
    void refreshMembers();
  });
  next.on('typing', (event) => {
    const previous = typingNow.get(event.connectionId);
    if (previous) clearTimeout(previous.timer);
    if (event.typing)
      typingNow.set(event.connectionId, {
        name: event.name,
        timer: setTimeout(() => typingNow.delete(event.connectionId) && renderTyping(), 5000),
      });
    else typingNow.delete(event.connectionId);
    renderTyping();
  });
  next.onError((error) => {
    notice.textContent = `${error.code}: ${error.message}`;
  });
}

async function loadRooms(name: string): Promise<void> {
  await session?.valid();
  const rooms = await restApi.rooms.list();
  roomList.replaceChildren(
    ...rooms.map((room) => {
      const item = document.createElement('li');
      item.dataset['room'] = room.id;
      const button = document.createElement('button');
      button.textContent = `${room.private ? '🔒' : '#'} ${room.id}`;
      button.title = room.topic || room.title;
      button.addEventListener('click', () => void openRoom(room.id, name, room.private).catch(reportFailure));
      item.append(button);
      return item;
    }),
  );
  if (!currentRoom && rooms[0]) {
    const wanted = new URLSearchParams(location.search).get('room') ?? rooms[0].id;
    await openRoom(wanted, name, rooms.find((room) => room.id === wanted)?.private ?? false);
  }
}

function start(name: string, moderatorKey?: string): void {
  session = new Session(name, moderatorKey);
  const current = session;
  useBearer(() => current.token);
  element<HTMLElement>('login').hidden = true;
  element<HTMLElement>('chat').hidden = false;
  element<HTMLSpanElement>('me').textContent = name;

  let typingSent = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    if (!client) return;
    if (!typingSent) {
      client.send('typing', { typing: true });
      typingSent = true;
    }
    clearTimeout(idle);
    idle = setTimeout(() => {
      client?.send('typing', { typing: false });
      typingSent = false;
    }, 1500);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !client) return;
    input.value = '';
    clearTimeout(idle);
    if (typingSent) client.send('typing', { typing: false });
    typingSent = false;
    // The key makes the request safe to re-send: a reconnect re-sends it, the server stores it once.
    client.request('send', { text, clientId: newClientId() }).then(showMessage, (error: Error) => {
      notice.textContent = error.message;
    });
  });
  element<HTMLFormElement>('room-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = element<HTMLInputElement>('room-id').value.trim();
    const isPrivate = element<HTMLInputElement>('room-private').checked;
    current
      .valid()
      .then(() => restApi.rooms.create({ body: { id, title: id, private: isPrivate } }))
      .then(() => loadRooms(name))
      .then(() => openRoom(id, name, isPrivate))
      .catch(reportFailure);
  });
  inviteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const invitee = element<HTMLInputElement>('invite-name');
    const roomId = currentRoom;
    if (!roomId || !invitee.value.trim()) return;
    current
      .valid()
      .then(() => restApi.rooms.invite({ params: { roomId }, body: { name: invitee.value.trim() } }))
      .then(() => {
        notice.textContent = `${invitee.value.trim()} may join now`;
        invitee.value = '';
      }, reportFailure);
  });
  loadRooms(name).catch(reportFailure);
}

const known = displayName();
if (known) start(known);
element<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = element<HTMLInputElement>('login-name').value.trim();
  if (!name) return;
  localStorage.setItem('halyard-chat-name', name);
  start(name, element<HTMLInputElement>('login-key').value.trim() || undefined);
});

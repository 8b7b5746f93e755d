import { connect } from '@halyard/client';
import { boardSocket, type BoardSocketSchema } from './api-client.js';
import { displayName, element } from './page-url.js';

interface Point {
  x: number;
  y: number;
}
interface Stroke {
  id: string;
  color: string;
  width: number;
  points: Point[];
}

const boardId = new URLSearchParams(location.search).get('board') ?? 'general';
const name = displayName() ?? `guest-${Math.floor(Math.random() * 1000)}`;
const wrap = element<HTMLDivElement>('board');
const canvas = element<HTMLCanvasElement>('canvas');
const context = canvas.getContext('2d') as CanvasRenderingContext2D;
const status = element<HTMLSpanElement>('status');
const strokes: Stroke[] = [];
const cursors = new Map<string, HTMLSpanElement>();
element<HTMLElement>('board-title').textContent = `Whiteboard · ${boardId}`;

function draw(stroke: Stroke): void {
  const [first, ...rest] = stroke.points;
  if (!first) return;
  context.strokeStyle = stroke.color;
  context.lineWidth = stroke.width * devicePixelRatio;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  context.moveTo(first.x * canvas.width, first.y * canvas.height);
  for (const point of rest.length ? rest : [first])
    context.lineTo(point.x * canvas.width, point.y * canvas.height);
  context.stroke();
}

function redraw(): void {
  context.clearRect(0, 0, canvas.width, canvas.height);
  for (const stroke of strokes) draw(stroke);
}

function resize(): void {
  canvas.width = wrap.clientWidth * devicePixelRatio;
  canvas.height = wrap.clientHeight * devicePixelRatio;
  redraw();
}
new ResizeObserver(resize).observe(wrap);

// The client's default heartbeat notices a dead link on a quiet board (browsers cannot see the
// server's pings).
const client = connect<BoardSocketSchema>(boardSocket.url({ boardId }, { name }));
client.onStatus((change) => {
  status.dataset['state'] = change.status;
  status.textContent = change.status;
});
client.on('board.snapshot', (snapshot) => {
  strokes.splice(0, strokes.length, ...snapshot.strokes);
  redraw();
});
client.on('stroke.drawn', (stroke) => {
  strokes.push(stroke);
  draw(stroke);
});
client.on('board.cleared', () => {
  strokes.length = 0;
  redraw();
});
client.on('cursor.moved', (cursor) => {
  let marker = cursors.get(cursor.connectionId);
  if (!marker) {
    marker = document.createElement('span');
    marker.className = 'cursor';
    marker.dataset['testid'] = 'remote-cursor';
    marker.textContent = cursor.name;
    wrap.append(marker);
    cursors.set(cursor.connectionId, marker);
  }
  marker.style.left = `${cursor.x * 100}%`;
  marker.style.top = `${cursor.y * 100}%`;
});
client.on('presence.left', (change) => {
  cursors.get(change.member.id)?.remove();
  cursors.delete(change.member.id);
});

function pointOf(event: PointerEvent): Point {
  const box = canvas.getBoundingClientRect();
  const clamp = (value: number): number => Math.min(1, Math.max(0, value));
  return {
    x: clamp((event.clientX - box.left) / box.width),
    y: clamp((event.clientY - box.top) / box.height),
  };
}

let current: Stroke | undefined;
let lastCursor = 0;
canvas.addEventListener('pointerdown', (event) => {
  canvas.setPointerCapture(event.pointerId);
  current = {
    id: crypto.randomUUID(),
    color: element<HTMLInputElement>('color').value,
    width: Number(element<HTMLInputElement>('width').value),
    points: [pointOf(event)],
  };
});
canvas.addEventListener('pointermove', (event) => {
  const point = pointOf(event);
  if (current) {
    current.points.push(point);
    draw({ ...current, points: current.points.slice(-2) });
  }
  // Cursors are many and disposable: at most one every 50 ms.
  if (performance.now() - lastCursor > 50) {
    lastCursor = performance.now();
    client.send('cursor', point);
  }
});
canvas.addEventListener('pointerup', () => {
  if (!current) return;
  const stroke = current;
  current = undefined;
  // Long strokes are thinned to the 2000 points a stroke may carry.
  const step = Math.ceil(stroke.points.length / 2000);
  stroke.points = stroke.points.filter((_point, index) => index % step === 0);
  strokes.push(stroke);
  client.send('stroke', stroke);
});
element<HTMLButtonElement>('clear').addEventListener('click', () => client.send('clear'));

import type { ChatMessage, Room } from './schemas.js';

interface Problem {
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    throw new Error(problem.errors?.map((error) => error.message).join('; ') ?? problem.detail);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The chat's REST side, relative to the page's own origin. */
export const restApi = {
  rooms: () => call<Room[]>('/api/rooms'),
  createRoom: (id: string, title: string) =>
    call<Room>('/api/rooms', { method: 'POST', body: JSON.stringify({ id, title }) }),
  history: (roomId: string) =>
    call<ChatMessage[]>(`/api/rooms/${encodeURIComponent(roomId)}/messages?limit=100`),
};

/** The display name, asked once and remembered in this browser. */
export function displayName(): string | undefined {
  const fromQuery = new URLSearchParams(location.search).get('name');
  if (fromQuery) localStorage.setItem('halyard-chat-name', fromQuery);
  return fromQuery ?? localStorage.getItem('halyard-chat-name') ?? undefined;
}

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

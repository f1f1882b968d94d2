/**
 * When a kernel started or was last restarted. The server knows when its process started, even
 * for a kernel started before this page loaded; a restart this page saw may be newer than the
 * server's last reading. Without the server, what the page saw.
 */
export function kernelStart(
  seen: number | null,
  sawRestart: boolean,
  server: number | null
): number | null {
  if (server === null) {
    return seen;
  }
  return sawRestart && seen !== null ? Math.max(seen, server) : server;
}

/** When the server says a kernel's process started (ms, on this page's clock), or null. */
export type ServerStart = (kernelId: string) => number | null;

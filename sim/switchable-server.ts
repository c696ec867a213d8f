import type { Server, Socket } from "node:net";
import { SIM_HOST } from "./ports";

/** A server that can stop listening (refusing connections) and listen again on the same port. */
export type SwitchableServer = {
  readonly port: number;
  readonly isListening: boolean;
  open: () => Promise<void>;
  close: () => Promise<void>;
};

export function createSwitchableServer(
  server: Server,
  requestedPort: number,
  name: string,
): SwitchableServer {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  let port = requestedPort;

  return {
    get port() {
      return port;
    },
    get isListening() {
      return server.listening;
    },
    async open() {
      if (server.listening) return;
      await new Promise<void>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => {
          server.off("listening", onListening);
          const why =
            err.code === "EADDRINUSE" ? "is already in use (is the sim already running?)" : err.message;
          reject(new Error(`${name}: cannot listen on ${SIM_HOST}:${port}: ${why}`, { cause: err }));
        };
        const onListening = () => {
          server.off("error", onError);
          resolve();
        };
        server.once("error", onError);
        server.once("listening", onListening);
        server.listen(port, SIM_HOST);
      });
      const address = server.address();
      // Remember the ephemeral port so that coming back up uses the same one.
      if (address && typeof address === "object") port = address.port;
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and in-flight connections would otherwise keep being served.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

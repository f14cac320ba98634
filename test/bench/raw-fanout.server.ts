/**
 * The raw fan-out relay, a process of its own like a replica: a bare `ws` server that sends each text
 * message its writer (the connection to /writer) sends to every other connection, one `send` each —
 * what any server pushing one message to 200 WebSocket clients must do at least. Prints its port.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const subscribers = new Set<WebSocket>();

server.on('connection', (socket, request) => {
  if (request.url === '/writer') {
    socket.on('message', (data) => {
      const text = String(data);
      for (const subscriber of subscribers) subscriber.send(text);
    });
    return;
  }
  subscribers.add(socket);
  socket.on('close', () => subscribers.delete(socket));
});
server.on('listening', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

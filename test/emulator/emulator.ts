// The project's ECR emulator (skeleton; the full implementation follows).
import * as http from 'node:http';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (a free one). */
  port?: number;
}

export class Emulator {
  private server?: http.Server;
  private boundPort = 0;
  constructor(private readonly options: EmulatorOptions = {}) {}
  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }
  async listen(): Promise<void> {
    const server = http.createServer((_req, res) => {
      res.statusCode = 501;
      res.end();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : 0;
  }
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

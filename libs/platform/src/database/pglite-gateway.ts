import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite instance to many node-postgres clients over the PostgreSQL wire protocol.
 *
 * PGlite has a single session, so clients take turns on it. The unit of a turn is what the protocol
 * treats as one: a simple `Query`, or an extended-protocol batch (`Parse`/`Bind`/`Describe`/`Execute`
 * …) up to its `Sync`; and while the session is inside a transaction, the client that opened it keeps
 * the session until the transaction ends. pglite-socket (which this replaces) queued each message on
 * its own, so two clients' batches could interleave: one client's `Bind` then met the other's unnamed
 * statement ("unnamed prepared statement does not exist", or worse, the wrong statement) under
 * concurrent load on the embedded default.
 *
 * Per-connection settings are shared by all clients (there is one session), so the product only uses
 * `SET LOCAL`. A client that disconnects inside its transaction has it rolled back.
 */
export interface PgliteGateway {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: { message: Uint8Array; startup: boolean }[] = [];
  private started = false;
  private running = false;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly gate: SessionGate,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (!this.started) {
        // Untyped start-up packets: length, then a code.
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        const packet = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write('N'); // no encryption on a loopback socket
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end(); // not supported: PGlite cannot interrupt a running statement
          return;
        }
        if (code !== PROTOCOL_3) {
          this.socket.destroy();
          return;
        }
        this.started = true;
        this.pending.push({ message: new Uint8Array(packet), startup: true });
        continue;
      }
      if (this.buffer.length < 5) break;
      const length = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < length) break;
      this.pending.push({ message: new Uint8Array(this.buffer.subarray(0, length)), startup: false });
      this.buffer = this.buffer.subarray(length);
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length && !this.closed) {
        const { message, startup } = this.pending[0]!;
        const type = startup ? 0 : message[0]!;
        if (type === TERMINATE) {
          this.pending.shift();
          this.socket.end();
          break;
        }
        // The messages received of this turn go to PGlite in one call, which runs them one after another
        // as a server reads them from its socket: Parse, Bind, Describe, Execute and Sync each passed on
        // its own cost a call into PGlite, its locks and a socket write of its own, for every statement
        // of the product (BENCHMARKS.md S1: the cold start's seed and catch-up are thousands of them).
        const batch = startup ? [this.pending.shift()!.message] : this.takeTurn();
        const last = startup ? 0 : batch[batch.length - 1]![0]!;
        await this.gate.acquire(this);
        if (this.closed) break;
        await this.gate.execute(batch.length === 1 ? batch[0]! : concat(batch), (data) => {
          if (!this.closed && data.length) this.socket.write(data);
        });
        // The end of a turn: a startup packet, a simple query or a Sync, outside a transaction.
        if (startup || last === QUERY || last === SYNC) await this.gate.releaseIfIdle(this);
      }
    } catch {
      this.socket.destroy();
      await this.close();
    } finally {
      this.running = false;
    }
  }

  /** The pending messages up to the end of a turn (a simple query or a Sync), or all there are. */
  private takeTurn(): Uint8Array[] {
    const batch: Uint8Array[] = [];
    while (this.pending.length) {
      const type = this.pending[0]!.message[0];
      if (type === TERMINATE || this.pending[0]!.startup) break;
      batch.push(this.pending.shift()!.message);
      if (type === QUERY || type === SYNC) break;
    }
    return batch;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending.length = 0;
    await this.gate.abandon(this);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Who holds PGlite's one session, and who waits for it. */
class SessionGate {
  private owner: Connection | null = null;
  /** Set when the gateway stops: PGlite may be closed by then, so nothing is asked of it any more. */
  stopped = false;
  private readonly waiting: { conn: Connection; resume: () => void }[] = [];
  private dispatching = false;

  constructor(private readonly db: PGlite) {}

  /**
   * A turn starts from setImmediate, never straight from the previous turn or from the socket's data:
   * PGlite executes on this thread, so turns run back to back (the clients' statements arriving in one
   * poll of the event loop, or a line of waiting clients handed on through promises) kept every other
   * callback waiting for the whole line. Right after a cold start, the subscriptions catching up held
   * each HTTP request (the web app's assets) 0.75-1 s before its first byte (BENCHMARKS.md S1). Now
   * timers and I/O run between any two turns; the messages inside one turn still run together.
   */
  acquire(conn: Connection): Promise<void> {
    if (this.owner === conn) return Promise.resolve();
    return new Promise((resume) => {
      this.waiting.push({ conn, resume });
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.owner !== null || this.dispatching || this.waiting.length === 0) return;
    this.dispatching = true;
    setImmediate(() => {
      this.dispatching = false;
      if (this.owner !== null) return;
      const next = this.waiting.shift();
      if (!next) return;
      this.owner = next.conn;
      next.resume();
    });
  }

  execute(message: Uint8Array, onData: (data: Uint8Array) => void): Promise<unknown> {
    return this.db.runExclusive(() => this.db.execProtocolRawStream(message, { onRawData: onData }));
  }

  /** Hands the session on unless the owner's transaction is still open. */
  async releaseIfIdle(conn: Connection): Promise<void> {
    if (this.owner !== conn || (!this.stopped && this.db.isInTransaction())) return;
    this.handOn();
  }

  /** A connection went away: drop its place in line; if it held a transaction, roll it back. */
  async abandon(conn: Connection): Promise<void> {
    const i = this.waiting.findIndex((w) => w.conn === conn);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.owner !== conn) return;
    if (!this.stopped && this.db.isInTransaction()) {
      // exec takes PGlite's own lock (runExclusive is not re-entrant, so it is not wrapped in it).
      await this.db.exec('ROLLBACK').catch(() => undefined);
    }
    this.handOn();
  }

  private handOn(): void {
    this.owner = null;
    this.dispatch();
  }
}

export function servePglite(db: PGlite, host: string, port: number): Promise<PgliteGateway> {
  const gate = new SessionGate(db);
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    const conn = new Connection(socket, gate);
    connections.add(conn);
    socket.once('close', () => connections.delete(conn));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        host,
        port: bound,
        async stop() {
          gate.stopped = true;
          for (const c of connections) c.socket.destroy();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}

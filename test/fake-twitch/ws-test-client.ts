import WebSocket from 'ws';

export interface ReceivedFrame {
  raw: string;
  /** Parsed JSON, or undefined for malformed frames. */
  json: { metadata?: { message_type?: string; message_id?: string }; payload?: Record<string, unknown> } | undefined;
  binary: boolean;
}

/**
 * A bare EventSub client for tests of the fake (and handy for other integration tests):
 * it records every frame and how the socket closed, and does nothing on its own.
 */
export class RecordingSocket {
  readonly frames: ReceivedFrame[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data, binary) => {
      const raw = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      let json: ReceivedFrame['json'];
      try {
        json = JSON.parse(raw) as ReceivedFrame['json'];
      } catch {
        json = undefined;
      }
      this.frames.push({ raw, json, binary });
    });
    this.ws.on('close', (code, reason) => void (this.closed = { code, reason: reason.toString() }));
    this.ws.on('error', () => undefined);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Frames of one message_type, oldest first. */
  ofType(messageType: string): ReceivedFrame[] {
    return this.frames.filter((f) => f.json?.metadata?.message_type === messageType);
  }

  /** The session id from the welcome, if one arrived. */
  get sessionId(): string | undefined {
    const session = this.ofType('session_welcome')[0]?.json?.payload?.session as { id?: string } | undefined;
    return session?.id;
  }

  close(code = 1000): void {
    this.ws.close(code);
  }

  terminate(): void {
    this.ws.terminate();
  }
}

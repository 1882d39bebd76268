import type { Dispatcher } from 'undici';

export interface ExchangeRequest {
  url: URL;
  method: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Aborting rejects at once with the signal's reason, whether or not a socket was reached. */
  signal: AbortSignal;
}

export interface RawResponse {
  status: number;
  /** Lower-case names, as undici gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request and its whole body, through undici's documented `Dispatcher.dispatch()`
 * and handler interface. What undici's `request()` would add on top (a Readable stream
 * per body, its async iterator, a mixin for text()) we do not need for answers of a few
 * hundred bytes; without it, the 2,000 subscription calls of a large start-up make less
 * garbage. Errors are undici's own (UND_ERR_* codes, system errors); the caller maps them.
 */
export function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<RawResponse> {
  const { signal } = req;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<RawResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: RawResponse['headers'] = {};
    const chunks: Buffer[] = [];

    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ status, headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) });
    };
    const onAbort = (): void => {
      const reason = signal.reason as Error;
      // A queued request has no controller yet; onRequestStart aborts it when it gets one.
      controller?.abort(reason);
      finish(reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      // Required even if it did nothing: undici takes a handler without it for the old interface.
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(signal.reason as Error);
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        // 1xx answers are informational; the final status follows.
        if (statusCode < 200) return;
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish(undefined);
      },
      onResponseError(_c, error) {
        finish(error);
      },
    };

    try {
      dispatcher.dispatch(
        {
          origin: req.url.origin,
          path: `${req.url.pathname}${req.url.search}`,
          method: req.method,
          headers: req.headers ?? null,
          body: req.body ?? null,
        },
        handler,
      );
    } catch (error) {
      // Invalid arguments are thrown synchronously (a bug in the caller, or a closed agent).
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

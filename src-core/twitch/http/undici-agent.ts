/**
 * undici's Agent, loaded from its own module instead of `import 'undici'`. The package's
 * index loads everything it has (fetch and the WHATWG streams behind it, WebSocket,
 * EventSource, caches, mocks, interceptors) on first import; without it the headless
 * process measured 9-10 MB smaller and ~100 ms quicker to start (test/bench rows 4c, 5c).
 * Without a proxy we need only this class and the documented Dispatcher.dispatch() on it
 * (exchange.ts); a configured proxy loads the whole package (http-client.ts), because
 * undici's proxy agent relies on methods its index adds. undici is pinned in
 * package-lock.json, and test/core/twitch/http/undici-agent.test.ts fails if a new version
 * moves this file or stops exporting the same class from its index.
 */
import Agent from 'undici/lib/dispatcher/agent.js';

export { Agent };

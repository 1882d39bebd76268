import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../ipc/contract.js';
import { childController, isAbortError } from '../runtime/abort.js';
import type { Clock } from '../runtime/clock.js';
import { describeError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { NotFoundError } from '../accounts/core-errors.js';
import { grantFromTokenSet } from '../tokens/oauth-adapter.js';
import type { TokenGrant, TokenIdentity } from '../tokens/oauth-port.js';
import { OAuthClient } from '../twitch/auth/oauth-client.js';
import type { TokenSet } from '../twitch/auth/token-set.js';
import type { TwitchEndpoints } from '../twitch/endpoints.js';
import { AuthError, DeviceLoginError } from '../twitch/errors.js';
import type { HttpClient } from '../twitch/http/http-client.js';

export interface LoggedIn {
  clientId: string;
  identity: TokenIdentity;
  grant: TokenGrant;
}

interface Flow {
  controller: AbortController;
  verificationUri: string;
}

/** At most this many device logins wait at once; each holds a poll loop. */
const MAX_FLOWS = 4;

/**
 * Device-code logins in progress. Each is independent: a failed, expired or cancelled one
 * never blocks the next (R21). The device code stays inside the OAuth client; only the
 * user code and the activation URL leave (R34).
 */
export class LoginFlows {
  readonly #flows = new Map<string, Flow>();

  constructor(
    private readonly options: {
      http: HttpClient;
      endpoints: TwitchEndpoints;
      clock: Clock;
      logger: Logger;
      signal: AbortSignal;
      onProgress(event: EventPayload<'login:progress'>): void;
      /** Stores the account (tokens persisted before this resolves) and returns its id and login. */
      onLoggedIn(result: LoggedIn): Promise<{ accountId: string; login: string }>;
    },
  ) {}

  get size(): number {
    return this.#flows.size;
  }

  async start(clientId: string): Promise<{ loginId: string; userCode: string; verificationUri: string; expiresAt: number }> {
    if (this.#flows.size >= MAX_FLOWS) {
      // The oldest is most likely abandoned; a new request is what the user wants now.
      const [oldest] = this.#flows.keys();
      if (oldest) this.cancel(oldest);
    }
    const { http, endpoints, clock, logger } = this.options;
    const oauth = new OAuthClient({ http, endpoints, clientId, clock, logger });
    const controller = childController(this.options.signal);
    let device;
    try {
      device = await oauth.startDeviceLogin({ signal: controller.signal });
    } catch (error) {
      controller.abort();
      throw error;
    }
    const loginId = randomUUID();
    this.#flows.set(loginId, { controller, verificationUri: device.verificationUri });
    const started = { loginId, userCode: device.userCode, verificationUri: device.verificationUri, expiresAt: device.expiresAt };
    this.options.onProgress({ status: 'waiting', ...started });
    logger.info('login.started', 'Device login started; waiting for approval on Twitch', { loginId });
    void this.#wait(loginId, clientId, oauth, () => device.poll(controller.signal));
    return started;
  }

  /**
   * Asks Twitch for a device code with this client ID and lets it go unused (it expires on
   * its own): Twitch answers at once whether it knows the ID. Throws DeviceLoginError
   * (invalid_client) when it does not, a network error when it cannot be asked.
   */
  async checkClientId(clientId: string): Promise<void> {
    const { http, endpoints, clock, logger } = this.options;
    const controller = childController(this.options.signal);
    try {
      await new OAuthClient({ http, endpoints, clientId, clock, logger }).startDeviceLogin({ signal: controller.signal });
    } finally {
      controller.abort();
    }
  }

  cancel(loginId: string): void {
    const flow = this.#flows.get(loginId);
    if (!flow) throw new NotFoundError('That login is no longer in progress');
    flow.controller.abort();
  }

  activationUrl(loginId: string): string {
    const flow = this.#flows.get(loginId);
    if (!flow) throw new NotFoundError('That login is no longer in progress; start a new one');
    return flow.verificationUri;
  }

  stop(): void {
    for (const flow of this.#flows.values()) flow.controller.abort();
    this.#flows.clear();
  }

  async #wait(loginId: string, clientId: string, oauth: OAuthClient, poll: () => Promise<TokenSet>): Promise<void> {
    const { logger, clock } = this.options;
    try {
      const tokens = await poll();
      const validated = await oauth.validate(tokens.accessToken);
      if (!validated.valid) throw new AuthError('invalid_token');
      const { info } = validated;
      const identity: TokenIdentity = {
        clientId: info.clientId,
        userId: info.userId,
        login: info.login,
        scopes: [...info.scopes],
        expiresAt: clock.now() + info.expiresInSec * 1000,
      };
      const stored = await this.options.onLoggedIn({ clientId, identity, grant: grantFromTokenSet(tokens, clock.now()) });
      logger.info('login.succeeded', `Logged in as ${identity.login}`, { account: identity.login });
      this.options.onProgress({ loginId, status: 'success', accountId: stored.accountId, login: stored.login });
    } catch (error) {
      const { status, message } = describeLoginFailure(error);
      if (status === 'failed') logger.warn('login.failed', message, { loginId, error });
      else logger.info(`login.${status}`, message, { loginId });
      this.options.onProgress({ loginId, status, message });
    } finally {
      this.#flows.get(loginId)?.controller.abort();
      this.#flows.delete(loginId);
    }
  }
}

function describeLoginFailure(error: unknown): { status: 'expired' | 'denied' | 'cancelled' | 'failed'; message: string } {
  if (error instanceof DeviceLoginError) {
    switch (error.reason) {
      case 'expired':
        return { status: 'expired', message: 'The code expired before it was approved; get a new code' };
      case 'denied':
        return { status: 'denied', message: 'The login was declined on Twitch; get a new code to try again' };
      case 'cancelled':
        return { status: 'cancelled', message: 'Login cancelled' };
      case 'invalid_client':
        return { status: 'failed', message: 'Twitch does not know this client ID. Change it to the Client ID of your application at dev.twitch.tv/console/apps.' };
    }
  }
  if (isAbortError(error)) return { status: 'cancelled', message: 'Login cancelled' };
  return { status: 'failed', message: `The login did not complete: ${describeError(error)}` };
}

import { newClientId, newClientSecret } from './ids.js';

export interface FakeClient {
  clientId: string;
  type: 'public' | 'confidential';
  /** Only for confidential clients. */
  secret: string | undefined;
}

export interface FakeUser {
  id: string;
  login: string;
  displayName: string;
  prime: boolean;
  turbo: boolean;
  /** `#RRGGBB`, or '' if never set. */
  color: string;
  type: '' | 'admin' | 'global_mod' | 'staff';
  broadcasterType: '' | 'partner' | 'affiliate';
  description: string;
  createdAt: number;
  /** Bumped when the user uploads a new profile picture: its URL changes, as on Twitch's CDN. */
  profileImageVersion: number;
}

export interface NewClient {
  clientId?: string;
  type?: 'public' | 'confidential';
  /** Confidential clients only; generated when omitted. */
  secret?: string;
}

export interface NewUser {
  login: string;
  id?: string;
  displayName?: string;
  prime?: boolean;
  turbo?: boolean;
  color?: string;
  broadcasterType?: '' | 'partner' | 'affiliate';
  description?: string;
}

/** Registered applications and Twitch users. */
export class Accounts {
  readonly #clients = new Map<string, FakeClient>();
  readonly #users = new Map<string, FakeUser>();
  /** Logins never change, so a lookup of 100 names need not scan every user 100 times. */
  readonly #byLogin = new Map<string, FakeUser>();
  #nextUserId = 100_001;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  registerClient(input: NewClient = {}): FakeClient {
    const type = input.type ?? 'public';
    const client: FakeClient = {
      clientId: input.clientId ?? newClientId(),
      type,
      secret: type === 'confidential' ? (input.secret ?? newClientSecret()) : undefined,
    };
    this.#clients.set(client.clientId, client);
    return { ...client };
  }

  client(clientId: string | undefined): FakeClient | undefined {
    return clientId === undefined ? undefined : this.#clients.get(clientId);
  }

  createUser(input: NewUser): FakeUser {
    const login = input.login.toLowerCase();
    if (this.userByLogin(login)) throw new Error(`fake-twitch: user ${login} already exists`);
    let id = input.id;
    if (id === undefined) {
      do id = String(this.#nextUserId++);
      while (this.#users.has(id));
    } else if (this.#users.has(id)) {
      throw new Error(`fake-twitch: user id ${id} already exists`);
    }
    const user: FakeUser = {
      id,
      login,
      displayName: input.displayName ?? input.login,
      prime: input.prime ?? false,
      turbo: input.turbo ?? false,
      color: input.color ?? '',
      type: '',
      broadcasterType: input.broadcasterType ?? '',
      description: input.description ?? '',
      createdAt: this.#now(),
      profileImageVersion: 1,
    };
    this.#users.set(id, user);
    this.#byLogin.set(login, user);
    return { ...user };
  }

  updateUser(userId: string, patch: Partial<Pick<FakeUser, 'prime' | 'turbo' | 'color' | 'displayName' | 'profileImageVersion'>>): FakeUser {
    const user = this.#users.get(userId);
    if (!user) throw new Error(`fake-twitch: no user ${userId}`);
    Object.assign(user, patch);
    return { ...user };
  }

  /** @internal live record */
  user(userId: string): FakeUser | undefined {
    return this.#users.get(userId);
  }

  userByLogin(login: string): FakeUser | undefined {
    return this.#byLogin.get(login.toLowerCase());
  }

  /** Id first, then login: tests may name users either way. */
  resolveUser(idOrLogin: string): FakeUser {
    const user = this.#users.get(idOrLogin) ?? this.userByLogin(idOrLogin);
    if (!user) throw new Error(`fake-twitch: no user "${idOrLogin}"`);
    return user;
  }

  users(): FakeUser[] {
    return [...this.#users.values()].map((u) => ({ ...u }));
  }
}

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
  /** A lookup of 100 names need not scan every user 100 times; renames keep it current. */
  readonly #byLogin = new Map<string, FakeUser>();
  /** Closed or suspended accounts: gone from every lookup until restored. */
  readonly #removed = new Map<string, FakeUser>();
  /** Channel id -> ids of users banned from its chat. */
  readonly #bans = new Map<string, Set<string>>();
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
      while (this.#users.has(id) || this.#removed.has(id));
    } else if (this.#users.has(id) || this.#removed.has(id)) {
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

  /** The account is closed or suspended: Twitch knows it no more (ids and logins stop resolving). */
  removeUser(userId: string): FakeUser {
    const user = this.#users.get(userId);
    if (!user) throw new Error(`fake-twitch: no user ${userId}`);
    this.#users.delete(userId);
    this.#byLogin.delete(user.login);
    this.#removed.set(userId, user);
    return { ...user };
  }

  /** A suspension is lifted: the same id and (if still free) the same login resolve again. */
  restoreUser(userId: string): FakeUser {
    const user = this.#removed.get(userId);
    if (!user) throw new Error(`fake-twitch: no removed user ${userId}`);
    if (this.#byLogin.has(user.login)) throw new Error(`fake-twitch: the login ${user.login} was taken meanwhile`);
    this.#removed.delete(userId);
    this.#users.set(userId, user);
    this.#byLogin.set(user.login, user);
    return { ...user };
  }

  /** A rename: the id stays, the login (and by default the display name) change; the old login is free. */
  renameUser(userId: string, login: string, displayName?: string): FakeUser {
    const user = this.#users.get(userId);
    if (!user) throw new Error(`fake-twitch: no user ${userId}`);
    const next = login.toLowerCase();
    if (this.#byLogin.has(next)) throw new Error(`fake-twitch: user ${next} already exists`);
    this.#byLogin.delete(user.login);
    user.login = next;
    user.displayName = displayName ?? login;
    this.#byLogin.set(next, user);
    return { ...user };
  }

  setBanned(channelId: string, userId: string, banned: boolean): void {
    let set = this.#bans.get(channelId);
    if (banned) {
      if (!set) this.#bans.set(channelId, (set = new Set()));
      set.add(userId);
    } else {
      set?.delete(userId);
      if (set?.size === 0) this.#bans.delete(channelId);
    }
  }

  isBanned(channelId: string, userId: string): boolean {
    return this.#bans.get(channelId)?.has(userId) ?? false;
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

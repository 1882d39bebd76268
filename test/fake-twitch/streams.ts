import type { Accounts, FakeUser } from './accounts.js';

/** A live broadcast (FOLLOWED-STREAMS.md "data"). */
export interface FakeStream {
  /** Twitch's stream id: a new one for every broadcast. */
  id: string;
  broadcasterId: string;
  viewers: number;
  /** Epoch ms. */
  startedAt: number;
  title: string;
  gameName: string;
}

export interface StartStreamInput {
  viewers?: number;
  /** Epoch ms; default now. */
  startedAt?: number;
  title?: string;
  gameName?: string;
}

/** Who follows whom, and who is live now. */
export class Streams {
  /** Follower id -> broadcaster id -> followed at (epoch ms). */
  readonly #follows = new Map<string, Map<string, number>>();
  readonly #live = new Map<string, FakeStream>();
  #nextStreamId = 40_000_000_001;

  constructor(
    private readonly accounts: Accounts,
    private readonly now: () => number,
  ) {}

  follow(userId: string, broadcasterId: string): void {
    if (userId === broadcasterId) throw new Error('fake-twitch: a user cannot follow themselves');
    let followed = this.#follows.get(userId);
    if (!followed) this.#follows.set(userId, (followed = new Map()));
    if (!followed.has(broadcasterId)) followed.set(broadcasterId, this.now());
  }

  unfollow(userId: string, broadcasterId: string): void {
    this.#follows.get(userId)?.delete(broadcasterId);
  }

  /** Goes live (a new broadcast), or, already live, changes its viewer count and title only. */
  start(broadcasterId: string, input: StartStreamInput = {}): FakeStream {
    const current = this.#live.get(broadcasterId);
    if (current) {
      if (input.viewers !== undefined) current.viewers = input.viewers;
      if (input.title !== undefined) current.title = input.title;
      return { ...current };
    }
    const stream: FakeStream = {
      id: String(this.#nextStreamId++),
      broadcasterId,
      viewers: input.viewers ?? 0,
      startedAt: input.startedAt ?? this.now(),
      title: input.title ?? 'Live now',
      gameName: input.gameName ?? 'Just Chatting',
    };
    this.#live.set(broadcasterId, stream);
    return { ...stream };
  }

  stop(broadcasterId: string): boolean {
    return this.#live.delete(broadcasterId);
  }

  live(): FakeStream[] {
    return [...this.#live.values()].map((s) => ({ ...s }));
  }

  /**
   * The live streams of the channels `userId` follows, most viewers first, as Twitch orders
   * them. Channels whose owner is closed or suspended are not on Twitch, so not listed.
   */
  followedLive(userId: string): Array<{ stream: FakeStream; user: FakeUser }> {
    const out: Array<{ stream: FakeStream; user: FakeUser }> = [];
    for (const broadcasterId of this.#follows.get(userId)?.keys() ?? []) {
      const stream = this.#live.get(broadcasterId);
      const user = this.accounts.user(broadcasterId);
      if (stream && user) out.push({ stream, user });
    }
    return out.sort((a, b) => b.stream.viewers - a.stream.viewers || Number(a.stream.id) - Number(b.stream.id));
  }
}

/**
 * The fake Twitch: OAuth (id.twitch.tv/oauth2), Helix (api.twitch.tv/helix) and EventSub
 * WebSocket (eventsub.wss.twitch.tv/ws) on one 127.0.0.1 port, behaving as
 * ../../../shared/TWITCH.md describes, error paths included. Every timer and timestamp runs
 * on the injected Clock (share a ManualClock with the code under test).
 *
 *   const fake = await startFakeTwitch({ clock, timings: { welcomeDeadlineMs: 500 } });
 *   fake.urls               { auth, api, eventsub, control }
 *   fake.clock / fake.log   the Clock in use / the request + socket log
 *
 * Accounts and tokens
 *   registerClient({ clientId?, type?: 'public'|'confidential', secret? }) -> FakeClient
 *   createUser({ login, id?, displayName?, prime?, turbo?, color?, ... })  -> FakeUser
 *   updateUser(user, { prime?, turbo?, color?, displayName? })             -> FakeUser
 *   user(idOrLogin) / users()
 *   removeUser(user)                     account closed/suspended: lookups stop, tokens die,
 *                                        subscriptions with it revoked `user_removed`,
 *                                        creates with it 400 "A user in the condition does not exist"
 *   restoreUser(userId)                  suspension lifted: the same id resolves again
 *   renameUser(user, login, displayName?) the id stays; lookups and chat show the new login
 *   banUser(channel, user) / unbanUser   the reader's subscriptions there revoked `chat_user_banned`;
 *                                        creates 403 (wording (unverified)); say() refused
 *   issueToken({ user, clientId, scopes?, expiresInSeconds? })  -> TokenGrant (skips the device flow)
 *   deviceLogins()                       pending/approved/denied/used/expired device logins
 *   approveDevice(userCode, user) / denyDevice(userCode)
 *   revokeUserTokens(user, { clientId?, revokeSubscriptions? = true }) -> count
 *                                        (user disconnected the app: access + refresh tokens die,
 *                                        enabled subscriptions get a revocation authorization_revoked)
 *   expireAccessToken(accessToken) / expireUserTokens(user)  (refresh tokens keep working)
 *
 * Follows and live streams (FOLLOWED-STREAMS.md; GET /helix/streams/followed serves them)
 *   follow(user, ...channels) / unfollow(user, channel)
 *   startStream(channel, { viewers?, startedAt?, title?, gameName? }) -> FakeStream
 *                                        goes live (new stream id); already live: viewers/title change
 *   stopStream(channel) -> wasLive       liveStreams() -> FakeStream[]
 *
 * Chat and EventSub ("user" arguments take an id or a login)
 *   say({ channel, chatter, text, messageId?, color?, badges?, messageType?, fragments?, reply?,
 *         cheer?, channelPointsCustomRewardId?, sharedChat?: { channels, sourceBadges? } })
 *       -> { messageId, deliveries[] }   one channel.chat.message per subscribed session
 *   redeliver(messageId) -> deliveries[] same envelopes again (same metadata.message_id)
 *   sendReconnect(sessionId) -> reconnect_url   handover; 4004 after timings.reconnectGraceMs
 *   closeSession(sessionId, code, reason?)      close frame, e.g. 4000/4002/4005/4006/4007
 *   dropSocket(sessionId, { code?, reason? })   no code: TCP dies without a close frame
 *   goSilent(sessionId, silent = true)          nothing is sent (keepalives, notifications)
 *   ping(sessionId, timeoutMs = 10000)          WebSocket Ping; no Pong in time -> 4002
 *   revokeSubscription(subscriptionId, status = 'authorization_revoked')  + revocation message
 *   revokeChannelSubscriptions(channel, status, { reader? })  every enabled one to that chat
 *   sendRaw(sessionId, string | Buffer)         malformed or binary frames
 *   sendMessage(sessionId, messageType, payload, metadata?)  any envelope (unknown types too)
 *
 * Faults, limits, timings
 *   injectFault({ method, path, status?, body?, headers?, latencyMs?, hang?, drop?, times? })
 *       -> { remove() }   per route (exact path; 'GET /ws' faults the WebSocket upgrade)
 *   clearFaults()
 *   setRateLimit({ limit, clientId?, userId?, remaining? })   Helix bucket per client+user
 *   setTimings(partial FakeTwitchTimings)
 *   setOrphanedSubscriptionsLinger(ms)    G6: disabled subscriptions still count as enabled
 *   setEnforceDeviceInterval(bool)        polls faster than `interval` get slow_down
 *
 * Inspection
 *   sessions() -> SessionInfo[]           subscriptions() -> SubscriptionInfo[]
 *   log.requests({ method?, path?, status?, clientId?, userId?, grantType? }) -> RequestEntry[]
 *   log.refreshGrants({ status?, clientId? }) -> number
 *   log.colorChanges(userId?) -> [{ userId, color, hex, at }]
 *   log.socketEvents({ sessionId?, kind?, messageType?, code?, by? }) / log.closes(...)
 *   log.clear()
 *   close()   ends every socket, pending response and timer
 *
 * Test clients (no vitest inside, usable from any test)
 *   new RecordingSocket(url)   records frames (.frames, .ofType(t), .sessionId) and .closed
 *   test-kit.ts                postForm, helix, openSession, seed, subscribe, chatSubscriptionBody
 *
 * Mixing a ManualClock with real sockets: advance in steps no longer than the keepalive
 * interval and let I/O settle in between (advanceInSteps in ../support/wait-for.ts), or a
 * client watching keepalives on the same clock sees silence that never happened.
 *
 * The same control API over HTTP (JSON) for the standalone server: see control-http.ts
 * (`GET /control/state`, `POST /control/approve-device {"userCode","user"}`, ...).
 *
 * Timing defaults are Twitch's (keepalive 10 s, welcome deadline = keepalive timeout,
 * reconnect grace 30 s, device interval 5 s / expiry 1800 s, access token 14124 s,
 * refresh token 30 days); `timings` shortens them for tests.
 */
export { startFakeTwitch } from './server.js';
export { FakeTwitch, DEFAULT_SCOPES } from './fake-twitch.js';
export type { FakeTwitchUrls, IssueTokenInput, SubscriptionInfo } from './fake-twitch.js';
export type { FakeTwitchOptions, FakeTwitchTimings } from './options.js';
export type { FakeClient, FakeUser, NewClient, NewUser } from './accounts.js';
export type { DeviceLoginInfo, TokenGrant } from './auth-store.js';
export type { ChatBadge, Delivery, SayInput, SayResult } from './chat.js';
export type { SessionInfo, SessionState } from './eventsub-sessions.js';
export type { FaultHandle, RouteFault } from './faults.js';
export type { RateLimitBudget } from './rate-limit.js';
export type { FakeStream, StartStreamInput } from './streams.js';
export type { ColorChange, FakeTwitchLog, RequestEntry, RequestFilter, SocketEvent, SocketEventFilter } from './log.js';
export { NAMED_COLORS } from './colors.js';
export { CONTROL_ROUTES } from './control-http.js';
export { RecordingSocket } from './ws-test-client.js';
export type { ReceivedFrame } from './ws-test-client.js';

// Types for the undici module the HTTP client loads directly (see undici-agent.ts): the
// class undici's index exports, so it takes the public type.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

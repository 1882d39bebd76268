import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTS, EndpointConfigError, isLoopbackHost, loadEndpoints } from '../../../src-core/twitch/endpoints.js';

describe('loadEndpoints', () => {
  it("uses Twitch's URLs when nothing is set (or set empty)", () => {
    expect(loadEndpoints({})).toEqual(DEFAULT_ENDPOINTS);
    expect(loadEndpoints({ TWITCH_API_URL: '  ' })).toEqual(DEFAULT_ENDPOINTS);
    expect(DEFAULT_ENDPOINTS).toEqual({
      authUrl: 'https://id.twitch.tv/oauth2',
      apiUrl: 'https://api.twitch.tv/helix',
      eventSubUrl: 'wss://eventsub.wss.twitch.tv/ws',
    });
  });

  it('accepts plain http/ws for loopback hosts and trims trailing slashes from HTTP bases', () => {
    const endpoints = loadEndpoints({
      TWITCH_AUTH_URL: 'http://127.0.0.1:8080/oauth2/',
      TWITCH_API_URL: 'http://localhost:9000/helix',
      TWITCH_EVENTSUB_URL: 'ws://[::1]:9001/ws?keepalive_timeout_seconds=10',
    });
    expect(endpoints).toEqual({
      authUrl: 'http://127.0.0.1:8080/oauth2',
      apiUrl: 'http://localhost:9000/helix',
      eventSubUrl: 'ws://[::1]:9001/ws?keepalive_timeout_seconds=10',
    });
  });

  it('accepts https/wss anywhere', () => {
    const endpoints = loadEndpoints({ TWITCH_API_URL: 'https://twitch.example.com/helix', TWITCH_EVENTSUB_URL: 'wss://es.example.com/ws' });
    expect(endpoints.apiUrl).toBe('https://twitch.example.com/helix');
    expect(endpoints.eventSubUrl).toBe('wss://es.example.com/ws');
  });

  it.each([
    ['TWITCH_AUTH_URL', 'http://id.twitch.tv/oauth2', /loopback/],
    ['TWITCH_API_URL', 'http://10.0.0.5/helix', /loopback/],
    ['TWITCH_API_URL', 'http://128.0.0.1/helix', /loopback/],
    ['TWITCH_EVENTSUB_URL', 'ws://eventsub.example.com/ws', /loopback/],
    ['TWITCH_EVENTSUB_URL', 'https://eventsub.wss.twitch.tv/ws', /wss:/],
    ['TWITCH_API_URL', 'wss://api.twitch.tv/helix', /https:/],
    ['TWITCH_API_URL', 'ftp://127.0.0.1/helix', /https:/],
    ['TWITCH_API_URL', 'not a url', /not a valid URL/],
    ['TWITCH_API_URL', 'https://user:pw@api.twitch.tv/helix', /credentials/],
  ])('refuses %s=%s with a typed startup error', (variable, value, problem) => {
    let caught: unknown;
    try {
      loadEndpoints({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EndpointConfigError);
    const error = caught as EndpointConfigError;
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('endpoint_config');
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('pw');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['127.example.com', false],
    ['0.0.0.0', false],
    ['::ffff:10.0.0.1', false],
    ['example.com', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

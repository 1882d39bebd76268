import { describe, expect, it } from 'vitest';
import { classifyStatus, type StatusOutcome } from '../../../../src-core/twitch/http/status-outcome.js';

const TABLE: [number, StatusOutcome][] = [
  [200, 'success'],
  [202, 'success'],
  [204, 'success'],
  [299, 'success'],
  [400, 'bad_request'],
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not_found'],
  [409, 'conflict'],
  [429, 'rate_limited'],
  [405, 'client_error'],
  [410, 'client_error'],
  [418, 'client_error'],
  [422, 'client_error'],
  [499, 'client_error'],
  [500, 'server_error'],
  [502, 'server_error'],
  [503, 'server_error'],
  [504, 'server_error'],
  [599, 'server_error'],
  [100, 'unexpected'],
  [199, 'unexpected'],
  [301, 'unexpected'],
  [304, 'unexpected'],
  [600, 'unexpected'],
  [0, 'unexpected'],
  [200.5, 'unexpected'],
];

describe('classifyStatus', () => {
  it.each(TABLE)('R24 status %d -> %s', (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });

  it('R24 every status 0..699 maps to exactly one known outcome, and every outcome is reachable', () => {
    const outcomes = new Set<StatusOutcome>([
      'success',
      'unauthorized',
      'rate_limited',
      'server_error',
      'bad_request',
      'forbidden',
      'not_found',
      'conflict',
      'client_error',
      'unexpected',
    ]);
    const reached = new Set<StatusOutcome>();
    for (let status = 0; status < 700; status += 1) {
      const outcome = classifyStatus(status);
      expect(outcomes.has(outcome)).toBe(true);
      reached.add(outcome);
    }
    expect(reached).toEqual(outcomes);
  });
});

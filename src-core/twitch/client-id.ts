import { z } from 'zod';

/**
 * A Twitch application's Client ID as Twitch issues them (30 lowercase letters and digits;
 * a little slack either way). One rule for the UI's form, the CLI's `--client-id` and the
 * ID a distributor bakes into a build.
 */
export const clientIdSchema = z.string().trim().regex(/^[a-z0-9]{20,40}$/i, 'A Twitch client ID is 30 letters and digits');

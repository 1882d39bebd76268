import { z } from 'zod';

/** GET /helix/chat/color, 200 (TWITCH.md §6). `color` is '' when the user never set one. */
export const chatColorsResponseWireSchema = z.object({
  data: z.array(
    z.object({
      user_id: z.string().min(1),
      user_login: z.string(),
      user_name: z.string(),
      color: z.string(),
    }),
  ),
});

/** PUT /helix/chat/color, 204: no body. Anything Twitch adds is ignored, never trusted. */
export const setChatColorResponseWireSchema = z.unknown();

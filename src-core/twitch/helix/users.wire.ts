import { z } from 'zod';

/** One entry of GET /helix/users `data` (TWITCH.md §5). Unknown fields are ignored. */
export const userWireSchema = z.object({
  id: z.string().min(1),
  login: z.string().min(1),
  display_name: z.string(),
  type: z.string().optional(),
  broadcaster_type: z.string().optional(),
  profile_image_url: z.string().optional(),
});
export type UserWire = z.output<typeof userWireSchema>;

export const usersResponseWireSchema = z.object({ data: z.array(userWireSchema) });

import { z } from 'zod';

/** A user as every auth response shows it: never a password hash, never a token. */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The body of register, login and refresh. `refreshToken` is absent in cookie mode. */
export const sessionSchema = z.object({
  data: z.object({
    user: userSchema,
    accessToken: z.string(),
    refreshToken: z.string().optional(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int(),
  }),
});

// Bounds on raw input are loose on purpose: the password policy gives the precise
// messages; these only keep absurd input from reaching the hasher.
const email = z.string().max(320);
const password = z.string().max(4096);

export const registerBody = z.strictObject({ email, password, name: z.string().max(200).optional() });
export const loginBody = z.strictObject({ email, password });
export const refreshBody = z.strictObject({ refreshToken: z.string().max(200).optional() });
export const passwordBody = z.strictObject({
  currentPassword: password,
  newPassword: password,
  /** This session's refresh token: its family survives the change, every other is revoked. */
  refreshToken: z.string().max(200).optional(),
});

import { z } from 'zod';
import { fieldJsonSchema } from '../resources/schemas.js';
import type { UserFields } from './users/user-fields.js';

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
export const sessionSchema = sessionSchemaOf(userSchema);

function sessionSchemaOf(user: z.ZodType) {
  return z.object({
    data: z.object({
      user,
      accessToken: z.string(),
      refreshToken: z.string().optional(),
      tokenType: z.literal('Bearer'),
      expiresIn: z.int(),
    }),
  });
}

// Bounds on raw input are loose on purpose: the password policy gives the precise
// messages; these only keep absurd input from reaching the hasher.
const email = z.string().max(320);
const password = z.string().max(4096);
const name = z.string().max(200);

export const registerBody = z.strictObject({ email, password, name: name.optional() });
export const loginBody = z.strictObject({ email, password });
export const refreshBody = z.strictObject({ refreshToken: z.string().max(200).optional() });
export const passwordBody = z.strictObject({
  currentPassword: password,
  newPassword: password,
  /** This session's refresh token: its family survives the change, every other is revoked. */
  refreshToken: z.string().max(200).optional(),
});
export const emailBody = z.strictObject({
  currentPassword: password,
  newEmail: email,
  /** This session's refresh token: its family survives the change, every other is revoked. */
  refreshToken: z.string().max(200).optional(),
});

/** The schemas of one app's auth routes, with its user fields (`users.fields`). */
export interface AuthSchemas {
  user: z.ZodType;
  session: ReturnType<typeof sessionSchemaOf>;
  register: z.ZodType<{ email: string; password: string; name?: string } & Record<string, unknown>>;
  profile: z.ZodType<Record<string, unknown>>;
}

/**
 * The auth routes' schemas for an app's user fields: register takes them (as declared:
 * required, optional, defaulted), `PATCH /auth/me` takes the name and any of them, and
 * the user in answers shows them all (it is the user themself, or an admin).
 *
 * @example
 * const schemas = authSchemasOf(resolveUserFields(options.users));
 */
export function authSchemasOf(fields: UserFields): AuthSchemas {
  // The serializer sends what the JSON Schema declares: each field's own, null included.
  const out = Object.fromEntries(fields.all.map((f) => [f.name, z.unknown().meta(fieldJsonSchema({ ...f, field: f.field.optional() }))]));
  const user = userSchema.extend(out);
  return {
    user,
    session: sessionSchemaOf(user),
    register: registerBody.extend(fields.shape('create')) as unknown as AuthSchemas['register'],
    profile: z.strictObject({ name: name.nullable().optional(), ...fields.shape('patch') }),
  };
}

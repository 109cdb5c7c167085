import { AppError, allow, route, z, type PublicUser } from 'rampart';

/*
 * RealWorld's account endpoints, the four the declared layer does not generate: they
 * answer with the caller's own record and a token, which no resource route does. Each is
 * thin over the auth service (ctx.auth): the password policy, hashing, login throttling
 * and sessions are Rampart's.
 */

const userAnswer = z.object({
  user: z.object({ email: z.string(), token: z.string(), username: z.string().nullable(), bio: z.string().nullable(), image: z.string().nullable() }),
});
const answer = (user: PublicUser, token: string) => ({
  user: { email: user.email, token, username: user.username as string | null, bio: (user.bio as string | null) ?? null, image: (user.image as string | null) ?? null },
});
// The access token the caller sent, under whichever scheme (`Token` or `Bearer`).
const tokenOf = (authorization: string | undefined) => authorization?.split(' ').filter(Boolean)[1] ?? '';
const budget = { max: 10, timeWindow: '1 minute' };

export const register = route({
  method: 'POST',
  path: '/api/users',
  access: allow.public,
  summary: 'Register a new user',
  tags: ['users'],
  status: 201,
  rateLimit: budget,
  audit: { waive: { RA002: 'signing up is for callers without an account; the route has its own budget of 10 a minute' } },
  errors: ['RAMPART_CONFLICT'],
  body: z.strictObject({ user: z.strictObject({ username: z.string(), email: z.string(), password: z.string() }) }),
  response: userAnswer,
  handler: async ({ body, auth }) => {
    const session = await auth.signUp({ ...body.user, name: body.user.username });
    return answer(session.user, session.accessToken);
  },
});

export const login = route({
  method: 'POST',
  path: '/api/users/login',
  access: allow.public,
  summary: 'Log in',
  tags: ['users'],
  rateLimit: budget,
  audit: { waive: { RA002: 'logging in is for callers without a session; the route has its own budget of 10 a minute' } },
  body: z.strictObject({ user: z.strictObject({ email: z.string(), password: z.string() }) }),
  response: userAnswer,
  handler: async ({ body, auth }) => {
    const session = await auth.login(body.user.email, body.user.password);
    return answer(session.user, session.accessToken);
  },
});

export const currentUser = route({
  method: 'GET',
  path: '/api/user',
  access: allow.authenticated,
  summary: 'The current user',
  tags: ['users'],
  response: userAnswer,
  handler: async ({ user, auth, request }) => {
    const found = await auth.users.findUserById(user!.id);
    if (!found) throw new AppError('RAMPART_UNAUTHENTICATED', 'The account no longer exists.');
    return answer(found, tokenOf(request.headers.authorization));
  },
});

export const updateUser = route({
  method: 'PUT',
  path: '/api/user',
  access: allow.authenticated,
  summary: 'Update the current user (username, bio, image)',
  description: 'Changing the email or the password needs the current password: POST /api/auth/email and /api/auth/password.',
  tags: ['users'],
  errors: ['RAMPART_CONFLICT'],
  body: z.strictObject({
    user: z.strictObject({
      email: z.string().optional(),
      password: z.string().optional(),
      username: z.string().optional(),
      bio: z.string().nullable().optional(),
      image: z.string().nullable().optional(),
    }),
  }),
  response: userAnswer,
  handler: async ({ body, user, auth, request }) => {
    const { email, password, ...profile } = body.user;
    const current = await auth.users.findUserById(user!.id);
    if (!current) throw new AppError('RAMPART_UNAUTHENTICATED', 'The account no longer exists.');
    // A stolen access token must not be enough to take the account over.
    if (password !== undefined || (email !== undefined && email.toLowerCase() !== current.email)) {
      throw new AppError('RAMPART_VALIDATION', 'The email and the password change with the current password.', {
        errors: [{ path: `body.user.${password !== undefined ? 'password' : 'email'}`, message: 'changes through POST /api/auth/password or /api/auth/email' }],
      });
    }
    const updated = Object.keys(profile).length > 0 ? await auth.updateProfile(user!.id, profile) : current;
    return answer(updated, tokenOf(request.headers.authorization));
  },
});

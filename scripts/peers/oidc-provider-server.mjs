// The OpenID Provider test peer's process (scripts/peers/oidc.mjs starts and
// stops it): `oidc-provider`, a certified OpenID Provider, on a loopback
// port, with its own sign-in pages (its development interactions: a login
// form, no consent step for registered clients) and the people of
// KARMA_OIDC_PEER. Clients register themselves through OpenID Connect Dynamic
// Client Registration with the peer's initial access token, so each portal a
// test starts can bring its own redirect URI. Beside the standard endpoints
// the peer has one of its own, for tests only: PUT /_peer/users/<login>/groups
// changes what the provider says about someone from then on.
//
// KARMA_OIDC_PEER (JSON): { port, adminToken, accessTokenSeconds, groupsInUserinfo, users: [{ login, name, email, emailVerified, groups }] }.
// Each person's groups go out twice, as a flat `groups` claim and Keycloak's
// nested `realm_access.roles`, so both claim shapes meet a real provider.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.KARMA_OIDC_PEER ?? '{}');
const issuer = `http://127.0.0.1:${config.port}`;
const users = new Map(config.users.map((user) => [user.login, { ...user }]));

function claimsOf(user, use = 'id_token') {
  const claims = {
    sub: user.login,
    name: user.name,
    preferred_username: user.login,
    email: user.email,
    email_verified: user.emailVerified,
    groups: user.groups,
    realm_access: { roles: user.groups },
  };
  // As Cognito does with cognito:groups: the groups in the tokens only.
  if (use === 'userinfo' && config.groupsInUserinfo === false) {
    delete claims.groups;
    delete claims.realm_access;
  }
  return claims;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'karma-peer' };

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  cookies: { keys: [config.adminToken] },
  async findAccount(_ctx, id) {
    const user = users.get(id);
    // Read at every use, so a changed group shows in the next ID token and userinfo answer.
    return user && { accountId: id, claims: async (use) => claimsOf(users.get(id), use) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'groups', 'realm_access'] },
  // Scope claims in the ID token too (next-auth reads the ID token's claims at sign-in).
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true, initialAccessToken: config.adminToken },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
  // Every client must use PKCE, as a careful provider would insist.
  pkce: { required: () => true },
  ttl: { AccessToken: config.accessTokenSeconds ?? 3600, IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600, RefreshToken: 86_400 },
  // Refresh tokens as Keycloak and Cognito hand them out: to every client allowed the grant, without offline_access.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  // People signing in to a registered client are not asked to consent again and again: the grant is made for them.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (_ctx, error) => console.error(`server_error: ${error.stack ?? error}`));

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text || '{}');
}

/** PUT /_peer/users/<login>/groups with { groups: [...] }, authorised by the admin token. */
async function peerAdmin(req, res) {
  if (req.headers.authorization !== `Bearer ${config.adminToken}`) return answer(res, 401, { error: 'admin token required' });
  const match = /^\/_peer\/users\/([^/]+)\/groups$/.exec(new URL(req.url, issuer).pathname);
  const user = match && users.get(decodeURIComponent(match[1]));
  if (req.method !== 'PUT' || !user) return answer(res, 404, { error: 'PUT /_peer/users/<known login>/groups' });
  const { groups } = await readJson(req);
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) return answer(res, 400, { error: 'groups: an array of strings' });
  user.groups = groups;
  answer(res, 200, claimsOf(user));
}

const handleOidc = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/_peer/')) {
    peerAdmin(req, res).catch((error) => answer(res, 500, { error: String(error) }));
    return;
  }
  handleOidc(req, res);
});
server.listen(config.port, '127.0.0.1', () => console.log(`oidc peer listening on ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));

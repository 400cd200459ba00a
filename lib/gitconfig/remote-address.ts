/**
 * What a config repo remote's address is, and how it is shown: one reading
 * for the settings (resolve a path), the demo's guard (is it on this
 * machine?), the git adapter (hide credentials) and commit links. Pure.
 */

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCP_LIKE = /^[^/\s]+@[^/\s]+:/;

/** `url` (https://, ssh://, git://, file://), `scp` (`git@host:org/repo.git`), or a `path` on this machine. */
export function remoteKind(remote: string): 'url' | 'scp' | 'path' {
  if (URL_SCHEME.test(remote)) return 'url';
  return SCP_LIKE.test(remote) ? 'scp' : 'path';
}

/** The user-info of a URL remote (`user:password`), or null. */
export function remoteUserinfo(remote: string): string | null {
  return new RegExp(`${URL_SCHEME.source}([^@/]*)@`, 'i').exec(remote)?.[1] ?? null;
}

/** What a URL looks like to people: user, password and token removed. */
export function redactRemote(remote: string): string {
  return remote.replace(new RegExp(`^(${URL_SCHEME.source.slice(1)})[^@/]*@`, 'i'), '$1');
}

/** GitHub and GitLab show a commit at a predictable URL. */
export function forgeCommitUrl(remote: string): string | null {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?\/?$/i.exec(remote);
  return match ? `https://${match[1].toLowerCase()}/${match[2]}/commit/{commit}` : null;
}

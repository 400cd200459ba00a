/**
 * Demo sign-in is password-less (anyone picks dana, the admin), so it may
 * only ever meet backends on this machine: the embedded stores, or the test
 * peers on loopback (moto, Gremlin Server). This names the first setting
 * that would let a demo session reach something real. Pure.
 */
import { redactRemote, remoteKind } from '@/lib/gitconfig/remote-address';

export type DemoReach = {
  parameters: 'local' | 'ssm';
  /** Per SSM environment: its `endpoint` from the settings file, if any. */
  environments: ReadonlyArray<{ name: string; endpoint?: string }>;
  /** The SDK's own endpoint overrides (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL). */
  sdkEndpoint: { name: string; value: string } | null;
  neptuneEndpoint: string | null;
  webhookUrl: string | null;
  /** The config repo's Git remote, when one is configured. */
  gitRemote?: string | null;
};

/** `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why demo mode must not start with these settings, or null when everything it reaches is on loopback. */
export function demoReachProblem(reach: DemoReach): string | null {
  const refuse = (setting: string, value: string, fix: string) =>
    `KARMA_DEMO=1 turns on password-less demo sign-in, so it may only reach backends on this machine, but ${setting} (${value}) is not on loopback. ${fix}`;
  if (reach.parameters === 'ssm') {
    for (const env of reach.environments) {
      const endpoint = env.endpoint ?? reach.sdkEndpoint?.value;
      const setting = env.endpoint ? `the "${env.name}" environment's endpoint in the settings file` : reach.sdkEndpoint?.name;
      if (!endpoint) {
        return refuse('KARMA_PARAMETERS=ssm', `environment "${env.name}" goes to AWS`, 'Unset KARMA_DEMO, or point AWS_ENDPOINT_URL_SSM at a local SSM stand-in such as moto.');
      }
      if (!isLoopback(endpoint)) return refuse(setting!, endpoint, 'Unset KARMA_DEMO, or use a local SSM stand-in.');
    }
  }
  if (reach.neptuneEndpoint && !isLoopback(reach.neptuneEndpoint)) {
    return refuse('NEPTUNE_ENDPOINT', reach.neptuneEndpoint, 'Unset KARMA_DEMO, or point NEPTUNE_ENDPOINT at a local Gremlin Server.');
  }
  if (reach.webhookUrl && !isLoopback(reach.webhookUrl)) {
    // The origin only: a webhook URL may carry a token in its query.
    return refuse('KARMA_WEBHOOK_URL', new URL(reach.webhookUrl).origin, 'Unset KARMA_DEMO, or unset the webhook: a demo apply must not trigger a real pipeline.');
  }
  const remote = reach.gitRemote ?? null;
  // A path is on this machine; a URL must name loopback; scp-like `user@host:path` never does.
  const kind = remote === null ? null : remoteKind(remote);
  if (remote !== null && ((kind === 'url' && !/^file:/i.test(remote) && !isLoopback(remote)) || kind === 'scp')) {
    return refuse('the config repo remote', redactRemote(remote), 'Unset KARMA_DEMO, or use a repository on this machine: a demo apply must not push to a real config repo.');
  }
  return null;
}

import 'server-only';
import { valueAtPath } from '@/lib/drift/compare-mirrors';
import { mirrorPairs, type FieldMirrorTable } from '@/lib/drift/field-mirrors';
import { parseOrNull } from '@/lib/json/parse-or-null';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';
import type { RolloutSettings } from '@/lib/model/settings';
import { hookFor } from '@/lib/changes/rollout-progress';
import type { Deployer, DeployAsk } from './rollout-driver';
import { rolloutDeployPayload } from './rollout-payload';
import { sendWebhook, targetOf } from './send-webhook';

function callbackUrl(settings: Pick<RolloutSettings, 'callbackBase'>, rolloutId: string): string | null {
  return settings.callbackBase ? `${settings.callbackBase}/api/rollouts/${encodeURIComponent(rolloutId.replace(/^ro:/, ''))}/callback` : null;
}

/**
 * Deploys through the pipeline's hooks: `rollouts.hooks` by type or id,
 * else KARMA_WEBHOOK_URL, each request signed with KARMA_WEBHOOK_SECRET as
 * the apply webhook is. A member no hook covers is only watched for.
 */
export function webhookDeployer(settings: Pick<RolloutSettings, 'hooks' | 'defaultHook' | 'secret' | 'callbackBase'>): Deployer {
  return {
    target: (member) => {
      const url = settings.secret ? hookFor(member, settings) : null;
      return url ? targetOf(url) : null;
    },
    async ask({ rollout, member, request, configParameter, runtimeParameter, delivery }: DeployAsk) {
      const url = hookFor(member, settings);
      if (!url || !settings.secret) return { ok: true };
      const payload = rolloutDeployPayload({
        rollout,
        member,
        request,
        configParameter,
        runtimeParameter,
        callbackUrl: callbackUrl(settings, rollout.id),
        sentAt: new Date(),
        delivery,
      });
      const outcome = await sendWebhook({ url, secret: settings.secret }, payload);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },
  };
}

function setPath(document: JsonObject, path: string, value: JsonValue): void {
  if (Object.hasOwn(document, path) || !path.includes('.')) {
    document[path] = value;
    return;
  }
  const keys = path.split('.');
  let node: JsonObject = document;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!isJsonObject(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * The runtime a deploy of `config` writes, as the demo pipeline makes it:
 * the runtime as it was, with every mirrored output set from the config
 * (what a Terraform module echoing its inputs would output). Pure.
 */
export function simulatedRuntime(type: string, config: JsonValue | null, runtime: JsonValue | null, mirrors: FieldMirrorTable): JsonObject {
  const next: JsonObject = isJsonObject(runtime) ? structuredClone(runtime) : {};
  if (!isJsonObject(config)) return next;
  for (const { configPath, runtimePath } of mirrorPairs(type, Object.keys(config), Object.keys(next), mirrors)) {
    const value = valueAtPath(config, configPath);
    if (value !== undefined) setPath(next, runtimePath, value);
  }
  return next;
}

/**
 * The demo's pipeline, in process (on by default in the demo only): a
 * deploy request writes the member's runtime `delayMs` later, as Terraform
 * would, from the config version asked for; a removal's runtime is deleted.
 * `onWritten` lets the driver look at once instead of on its next tick.
 */
export function simulatedDeployer({ delayMs, mirrors, onWritten }: { delayMs: number; mirrors: FieldMirrorTable; onWritten?: () => void }): Deployer {
  const deploy = async ({ member, store, configParameter, runtimeParameter, rollout }: DeployAsk): Promise<void> => {
    const runtime = await store.get(runtimeParameter);
    if (member.action === 'remove') {
      if (runtime) await store.remove({ name: runtimeParameter, expectedVersion: runtime.version });
      return;
    }
    const config = await store.get(configParameter);
    const value = simulatedRuntime(member.type, parseOrNull(config?.value), parseOrNull(runtime?.value), mirrors);
    await store.put({
      name: runtimeParameter,
      value: JSON.stringify(value, null, 2),
      expectedVersion: runtime?.version ?? null,
      user: 'demo-pipeline',
      description: `Deployed by the demo pipeline: config v${config?.version ?? '?'}, wave ${member.wave} of ${rollout.id}`,
    });
  };
  return {
    target: () => 'simulator',
    async ask(input) {
      const timer = setTimeout(() => {
        deploy(input)
          .catch((error: unknown) => console.error(`[karma] the demo pipeline could not deploy ${input.member.componentId}:`, error))
          .finally(() => onWritten?.());
      }, delayMs);
      timer.unref();
      return { ok: true };
    },
  };
}

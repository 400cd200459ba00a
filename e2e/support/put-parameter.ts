/**
 * Writes one parameter of the demo server's embedded store from outside the
 * portal, as Terraform or the AWS console would write SSM: the change is
 * there for the next sync and nothing tells the portal. Run by
 * putParameterOutsideKarma (sync-button.spec.ts) through tsx with the
 * react-server condition, like bin/karma, since lib/params is server-only.
 *
 *   put-parameter.ts <data dir> <env> <name> <JSON value>
 */
import { LocalParameterFile } from '@/lib/params/local-parameter-store';

const [dataDir, env, name, value] = process.argv.slice(2);
const store = LocalParameterFile.inDataDir(dataDir).store(env);
const current = await store.get(name);
const written = await store.put({ name, value, expectedVersion: current?.version ?? null, user: 'arn:aws:sts::111122223333:assumed-role/terraform-deployer/e2e' });
console.log(JSON.stringify(written));

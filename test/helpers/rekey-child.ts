/**
 * Child process for the re-key crash tests: unlocks a vault, starts a re-key and SIGKILLs itself when the
 * re-key reports the given step (and at least `done` items of it). A real kill: no finally block runs, no file
 * handle is closed, the database is left as SQLite finds it.
 *
 *   node rekey-child.mjs <dir> <passwd|witness|rotate> <step> <done>
 *   env: OLD (vault passphrase), NEW (new passphrase), WOLD (witness passphrase, for witness/rotate)
 */
import { initCrypto } from '../../main/core/crypto/sodium';
import { unlockVault } from '../../main/core/vault/vault';
import type { RekeyProgress } from '../../main/core/vault/rekey';

const [dir, op, step, done] = process.argv.slice(2) as [string, string, string, string];
const env = process.env as Record<string, string>;

function onProgress(p: RekeyProgress): void {
  process.stdout.write(`${p.step} ${p.done}/${p.total}\n`);
  if (p.step === step && p.done >= Number(done)) process.kill(process.pid, 'SIGKILL');
}

await initCrypto();
const vault = await unlockVault(dir, env.OLD!, { via: 'test' });
if (op === 'passwd') (await vault.changePassphrase(env.OLD!, env.NEW!, undefined, onProgress)).close();
else if (op === 'witness') (await vault.changeWitnessPassphrase(env.WOLD!, env.NEW!, onProgress)).close();
else if (op === 'rotate') {
  await vault.unlockWitness(env.WOLD!);
  const { vault: v, recoveryKey } = await vault.rotateRecoveryKey(env.OLD!, onProgress);
  process.stdout.write(`key ${recoveryKey}\n`);
  v.close();
}
process.stdout.write('finished\n');

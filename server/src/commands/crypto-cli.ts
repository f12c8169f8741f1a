import { CheckInPlacesModule } from '../attendance/check-in-places';
import { AppConfigModule } from '../config/config.module';
import { FieldKeys, FieldKeysModule } from '../database/field-keys';
import { ResidentKeysModule } from '../resident-keys/resident-keys.module';
import { TranscriptNameSealingModule } from '../transcripts/transcript-name-sealing';
import { UploadSealingModule } from '../uploads/upload-sealing';
import { runCommand } from './command';
import { commandContext } from './command-context';

/**
 * `npm run crypto:reencrypt -w @lp/server`: moves every encrypted value to FIELD_ENCRYPTION_KEY and
 * the cipher of CRYPTO_SUITE now, as the periodic job does, with every value sealed under a resident's
 * data key (profiles, transcript names, evidence files, check-in places, all of them looked at), and
 * says what is left (exit code 1 if a value is under a key it was not given). The portal keeps serving meanwhile.
 *
 * `npm run crypto:rehash -w @lp/server`: after a change of CRYPTO_SUITE, recomputes the look-up
 * hashes under the new algorithm in one transaction. Stop every node first: a node still running
 * the old setting would write hashes the new one cannot find.
 *
 * Both run with the server's configuration (the keys come from it).
 */
async function main(): Promise<void> {
  const action = process.argv[2];
  if (action !== 'reencrypt' && action !== 'rehash') throw new Error('say reencrypt or rehash');
  // the places outside resident_profile that hold values sealed under residents' keys register themselves
  const places = action === 'reencrypt' ? [TranscriptNameSealingModule, UploadSealingModule, CheckInPlacesModule] : [];
  const app = await commandContext([AppConfigModule, ResidentKeysModule, FieldKeysModule, ...places]);
  try {
    const keys = app.get(FieldKeys);
    if (action === 'rehash') {
      const done = await keys.rehash();
      process.stdout.write(`${done.rehashed} look-up hashes recomputed: ${done.from} → ${done.to}\n${JSON.stringify(done)}\n`);
      return;
    }
    const report = await keys.reencrypt(true);
    const unreadable = Object.entries(report.unreadable);
    const sealed = [`${report.sealed} residents`, ...Object.entries(report.resealed).map(([place, n]) => `${n} ${place}`)];
    process.stdout.write(
      `${report.reencrypted} values re-encrypted; ${sealed.join(', ')} sealed the current way; ${report.remaining} not under the current key or suite` +
        `${unreadable.length ? ` (under keys this server was not given: ${unreadable.map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}\n${JSON.stringify(report)}\n`,
    );
    if (report.remaining > 0) process.exitCode = 1;
  } finally {
    await app.close();
  }
}

runCommand('crypto', main);

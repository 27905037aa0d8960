import { backupTime, nextBackupDelay } from './scheduled-backup.service.js';

const HOUR = 3_600_000;

// The embedded default's own backups follow the newest file in BACKUP_DIR: a restart neither skips a
// day nor takes an extra backup.
describe('when the embedded default backs itself up next', () => {
  const now = Date.UTC(2026, 11, 3, 12, 0, 0);
  it('reads the time from a backup’s name', () => {
    expect(backupTime('backup-20261203T020000Z-pos812.4410.jsonl.gz')).toBe(Date.UTC(2026, 11, 3, 2));
    expect(backupTime('notes.txt')).toBeNull();
  });

  it('takes the first backup soon after start when the folder has none', () => {
    expect(nextBackupDelay([], now, 24 * HOUR, 60_000)).toBe(60_000);
  });

  it('waits until a day after the newest backup, whatever the restarts', () => {
    const names = ['backup-20261202T020000Z-pos1.1.jsonl.gz', 'backup-20261203T020000Z-pos9.9.jsonl.gz'];
    expect(nextBackupDelay(names, now, 24 * HOUR, 60_000)).toBe(14 * HOUR);
  });

  it('takes an overdue backup at once after the start delay', () => {
    expect(nextBackupDelay(['backup-20261130T020000Z-pos1.1.jsonl.gz'], now, 24 * HOUR, 60_000)).toBe(60_000);
  });
});

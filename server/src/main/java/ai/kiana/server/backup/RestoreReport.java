package ai.kiana.server.backup;

import java.nio.file.Path;

/**
 * What a restore did.
 *
 * @param blocks how many blocks were stored
 * @param ledgerBlocks how many ledger blocks were stored: the backed-up ledger, or 1 (a new
 *     genesis) for a format-1 backup, which has none
 * @param messages how many stored messages (inbox, outbox and relayed) were restored; 0 for a
 *     backup of format 3 or older, which has none
 * @param properties where the backed-up settings were written: the target's {@code
 *     kiana.properties}, or {@value Backup#SET_ASIDE_PROPERTIES} beside it when they name another
 *     database or the target has settings of its own; null if the backup had none
 */
public record RestoreReport(
    BackupManifest manifest, long blocks, long ledgerBlocks, long messages, Path properties) {

  /** Whether the backed-up settings had to be set aside rather than put in force. */
  public boolean propertiesSetAside() {
    return properties != null
        && properties.getFileName().toString().equals(Backup.SET_ASIDE_PROPERTIES);
  }
}

package ai.kiana.server.backup;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.rules.ChainValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.server.ledger.LedgerService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reading and re-validating the ledger of a backup before anything is restored. */
final class BackupLedger {

  private static final HexFormat HEX = HexFormat.of();

  private BackupLedger() {}

  /** Reads {@code ledger.jsonl}, checking its hash and line count against the manifest. */
  static List<LedgerBlock> readLedger(ZipFile file, BackupManifest manifest, Path zip)
      throws IOException {
    ZipEntry entry = file.getEntry(Backup.LEDGER);
    if (entry == null) {
      throw BackupRestore.damaged(zip, "it has no " + Backup.LEDGER);
    }
    MessageDigest sha = BackupFiles.sha256();
    List<LedgerBlock> blocks = new ArrayList<>();
    String firstProblem = null;
    long lines = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new DigestInputStream(file.getInputStream(entry), sha),
                StandardCharsets.UTF_8.newDecoder()))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        if (firstProblem != null) {
          continue; // read on for the hash, which tells a damaged file from a forged one
        }
        try {
          blocks.add(LedgerBlockCodec.fromJson(line));
        } catch (RuntimeException e) {
          firstProblem = "line " + lines + " of " + Backup.LEDGER + ": " + e.getMessage();
        }
      }
    } catch (CharacterCodingException e) {
      throw BackupRestore.damaged(zip, Backup.LEDGER + " is not UTF-8 text");
    }
    if (!HEX.formatHex(sha.digest()).equals(manifest.ledgerSha256())) {
      throw BackupRestore.damaged(
          zip, Backup.LEDGER + " does not match the SHA-256 in its manifest");
    }
    if (firstProblem != null) {
      throw BackupRestore.damaged(zip, firstProblem);
    }
    if (lines != manifest.ledgerBlocks()) {
      throw BackupRestore.damaged(
          zip,
          Backup.LEDGER
              + " has "
              + lines
              + " blocks, its manifest says "
              + manifest.ledgerBlocks());
    }
    return blocks;
  }

  /**
   * Re-validates the backed-up ledger as {@code kiana verify --ledger} does: the chosen chain from
   * genesis to {@code head}, and the chain to the tip of every fork, all from the same genesis. The
   * store keeps fork blocks without re-checking them, so they are checked here.
   *
   * @return the state at {@code head}
   */
  static LedgerState verifyLedger(List<LedgerBlock> blocks, String head, long now, Path zip) {
    Map<String, LedgerBlock> byHash = new HashMap<>();
    Set<String> parents = new HashSet<>();
    for (LedgerBlock b : blocks) {
      byHash.put(b.hash(), b);
      parents.add(b.parent());
    }
    if (!byHash.containsKey(head)) {
      throw BackupRestore.damaged(
          zip, "its ledger head " + head + " is not among the blocks of " + Backup.LEDGER);
    }
    ChainValidator validator =
        RuleFactory.chainValidator(Ed25519Engines.fastest(), LedgerService.DEFAULT_PARAMS);
    List<String> tips = new ArrayList<>();
    tips.add(head);
    for (LedgerBlock b : blocks) {
      if (!parents.contains(b.hash()) && !b.hash().equals(head)) {
        tips.add(b.hash());
      }
    }
    String genesis = null;
    LedgerState headState = null;
    for (String tip : tips) {
      List<LedgerBlock> chain = new ArrayList<>();
      for (String hash = tip; !hash.equals(LedgerBlock.NO_PARENT); ) {
        LedgerBlock block = byHash.get(hash);
        if (block == null) {
          throw BackupRestore.damaged(
              zip,
              "ledger block "
                  + chain.getLast().shortHash()
                  + " names parent "
                  + hash
                  + ", which is not in "
                  + Backup.LEDGER);
        }
        if (chain.size() > byHash.size()) {
          throw BackupRestore.damaged(zip, "the parent links of its ledger loop at " + hash);
        }
        chain.add(block);
        hash = block.parent();
      }
      Collections.reverse(chain);
      if (genesis == null) {
        genesis = chain.getFirst().hash();
      } else if (!genesis.equals(chain.getFirst().hash())) {
        throw BackupRestore.damaged(zip, "its ledger has more than one genesis block");
      }
      Verdict verdict = validator.validate(chain, now);
      if (verdict instanceof Verdict.Rejected rejected) {
        throw BackupRestore.damaged(
            zip,
            "its ledger does not verify: "
                + rejected.violation()
                + (tip.equals(head) ? "" : " (on a fork)"));
      }
      if (tip.equals(head) && verdict instanceof Verdict.Accepted accepted) {
        headState = accepted.state();
      }
    }
    return headState;
  }
}

package ai.kiana.bench;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Signer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Signatures per second of every Ed25519 engine that loads here, on a 1 KB message, as a ratio to
 * the JDK's own engine measured in the same run.
 *
 * <p>Usage: {@code SignatureBench [--quick]}; {@code --quick} only proves the code runs.
 */
public final class SignatureBench {

  static final int MESSAGE_BYTES = 1024;

  /** The second verify row: how the engines scale onto two cores. */
  static final int PARALLEL_THREADS = 2;

  private final Measure.Settings settings;
  private final PrintStream out;

  SignatureBench(Measure.Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    Bench.quietLogs();
    Measure.Settings settings =
        Bench.quick(args) ? Measure.Settings.QUICK : Measure.Settings.DEFAULT;
    Bench.header(System.out, "SignatureBench");
    new SignatureBench(settings, System.out).run();
  }

  Table run() {
    byte[] message = new byte[MESSAGE_BYTES];
    byte[] seed = new byte[Ed25519.SEED_BYTES];
    Random random = new Random(42);
    random.nextBytes(message);
    random.nextBytes(seed);

    List<Ed25519> engines = Ed25519Engines.available();
    List<Measure.Case> cases = new ArrayList<>();
    for (Ed25519 engine : engines) {
      cases.addAll(cases(engine, seed, message));
    }
    // Round-robin over all engines, so background load hits the jdk baseline as much as the rest.
    List<Measure.Rate> rates = Measure.interleaved(settings, cases);

    Table table =
        new Table(
            "Ed25519 engines, "
                + MESSAGE_BYTES
                + "-byte message (ratio to the jdk engine, same operation and threads)",
            Table.left("engine"),
            Table.left("operation"),
            Table.right("threads"),
            Table.right("ops/s"),
            Table.right("min..max"),
            Table.right("vs jdk"));
    int jdk = indexOf(engines, Ed25519Engines.JDK) * OPS.size();
    for (int e = 0; e < engines.size(); e++) {
      for (int op = 0; op < OPS.size(); op++) {
        Measure.Rate rate = rates.get(e * OPS.size() + op);
        double baseline = jdk < 0 ? 0 : rates.get(jdk + op).median();
        table.row(
            engines.get(e).name(),
            OPS.get(op).name(),
            OPS.get(op).threads(),
            Table.rate(rate.median()),
            Bench.spread(rate),
            Table.ratio(rate.median(), baseline));
      }
    }
    table.note(
        "fastest() picks "
            + Ed25519Engines.fastest().name()
            + "; "
            + Bench.describe(settings)
            + ", engines interleaved round by round");
    table.print(out);
    return table;
  }

  /** The operations measured per engine, in table order. */
  private record Op(String name, int threads) {}

  private static final List<Op> OPS =
      List.of(new Op("sign", 1), new Op("verify", 1), new Op("verify", PARALLEL_THREADS));

  private static List<Measure.Case> cases(Ed25519 engine, byte[] seed, byte[] message) {
    Signer signer = engine.signer(seed);
    byte[] publicKey = signer.publicKey();
    byte[] signature = signer.sign(message);
    if (!engine.verify(publicKey, message, signature)) {
      throw new IllegalStateException(engine.name() + " does not verify its own signature");
    }
    Measure.Work sign = () -> Measure.consume(signer.sign(message));
    Measure.Work verify =
        () -> {
          if (!engine.verify(publicKey, message, signature)) {
            throw new IllegalStateException(engine.name() + " rejected a valid signature");
          }
          return 1;
        };
    List<Measure.Case> cases = new ArrayList<>();
    for (Op op : OPS) {
      cases.add(
          new Measure.Case(
              engine.name() + " " + op.name(),
              op.threads(),
              op.name().equals("sign") ? sign : verify));
    }
    return cases;
  }

  private static int indexOf(List<Ed25519> engines, String name) {
    for (int i = 0; i < engines.size(); i++) {
      if (engines.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}

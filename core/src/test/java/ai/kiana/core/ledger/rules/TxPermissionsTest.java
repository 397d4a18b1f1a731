package ai.kiana.core.ledger.rules;

import static ai.kiana.core.ledger.LedgerHarness.identity;
import static ai.kiana.core.ledger.LedgerHarness.keyHex;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.TxType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The permission table case by case: each role (the creator is the only validator) × type. */
class TxPermissionsTest {

  /** Written out independently of {@link TxPermissions}: what each role may issue. */
  private static final Map<Role, Set<TxType>> ALLOWED =
      Map.of(
          Role.CREATOR, Set.of(TxType.values()),
          Role.ADMIN,
              Set.of(
                  TxType.DEVICE_ADMITTED,
                  TxType.DEVICE_REVOKED,
                  TxType.ROLE_CHANGED,
                  TxType.KILL_SWITCH,
                  TxType.MODEL_PUBLISHED,
                  TxType.POLICY_CHANGED,
                  TxType.KEY_ROTATED),
          Role.SUBMIND, Set.of(TxType.MODEL_PUBLISHED, TxType.KEY_ROTATED),
          Role.USER, Set.of(TxType.KEY_ROTATED),
          Role.SENSOR, Set.of(TxType.KEY_ROTATED));

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Role role : Role.values()) {
      for (TxType type : TxType.values()) {
        cases.add(Arguments.of(role, type, ALLOWED.get(role).contains(type)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} issues {1}: allowed={2}")
  @MethodSource("cases")
  void onlyTheRolesInThePermissionTableMayIssueEachType(Role role, TxType type, boolean allowed) {
    LedgerHarness ledger = new LedgerHarness(1);
    NodeIdentity issuer = role == Role.CREATOR ? ledger.creator : identity("issuer-" + role);
    if (role != Role.CREATOR) {
      ledger.admit(issuer, role);
    }
    NodeIdentity victim = identity("victim");
    ledger.admit(victim, Role.USER);
    NodeIdentity newcomer = identity("newcomer");
    TxPayload payload =
        switch (type) {
          case DEVICE_ADMITTED ->
              new TxPayload.DeviceAdmitted(newcomer.deviceId(), keyHex(newcomer), Role.USER, "n");
          case DEVICE_REVOKED -> new TxPayload.DeviceRevoked(victim.deviceId(), "test");
          case ROLE_CHANGED -> new TxPayload.RoleChanged(victim.deviceId(), Role.SENSOR);
          case VALIDATOR_VOTE -> new TxPayload.ValidatorVote(victim.deviceId(), true);
          case KILL_SWITCH -> new TxPayload.KillSwitch("test");
          case RESUME -> new TxPayload.Resume();
          case MODEL_PUBLISHED -> new TxPayload.ModelPublished(1, "ab".repeat(32));
          case KNOWLEDGE_CHECKPOINT -> new TxPayload.KnowledgeCheckpoint("cd".repeat(32), 7);
          case POLICY_CHANGED -> new TxPayload.PolicyChanged("ui.lang", "de");
          case KEY_ROTATED -> TxPayload.KeyRotated.of(issuer, identity("next-key-of-" + role));
        };
    RuleViolation violation =
        ledger.violation(ledger.next(ledger.allowedProposer(), ledger.tx(issuer, payload)));
    if (allowed) {
      assertThat(violation).isNull();
    } else {
      assertThat(violation).isNotNull();
      assertThat(violation.kind()).isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    }
  }
}

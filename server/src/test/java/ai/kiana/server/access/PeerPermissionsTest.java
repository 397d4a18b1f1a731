package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.PeerPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every sync and ledger message type needs a declared permission, and the halt keeps the ledger.
 */
class PeerPermissionsTest {

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void everyMessageTypeDeclaresAnAccessPermission(MessageType type) {
    assertThat(PeerPermissions.of(type)).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void aHaltedNodeExchangesTheLedgerButNoKnowledge(Role role) {
    assertThat(PeerPermissions.allows(role, true, PeerPermission.KNOWLEDGE_SYNC)).isFalse();
    // A sensor device keeps the ledger too: the resume reaches it over it.
    assertThat(PeerPermissions.allows(role, true, PeerPermission.LEDGER))
        .isEqualTo(
            PermissionMatrix.allows(role, Permission.READ_LEDGER)
                || PeerPermissions.ownBlocksOnly(role));
  }

  @Test
  void aPairedSubmindSyncsKnowledgeAndTheLedger() {
    for (PeerPermission p : PeerPermission.values()) {
      assertThat(PeerPermissions.allows(Role.SUBMIND, false, p)).as(p.name()).isTrue();
    }
  }

  @Test
  void rolesWithoutTheMatrixPermissionAreRefused() {
    assertThat(PeerPermissions.allows(Role.USER, false, PeerPermission.KNOWLEDGE_SYNC)).isFalse();
    assertThat(PeerPermissions.allows(Role.SENSOR, false, PeerPermission.MESSAGES)).isFalse();
    assertThat(PeerPermissions.allows(Role.SENSOR, false, PeerPermission.LINK)).isTrue();
  }

  @Test
  void onlyASensorSyncsJustItsOwnBlocksAndItKeepsTheLedger() {
    for (Role role : Role.values()) {
      assertThat(PeerPermissions.ownBlocksOnly(role))
          .as(role.name())
          .isEqualTo(role == Role.SENSOR);
    }
    assertThat(PeerPermissions.allows(Role.SENSOR, false, PeerPermission.KNOWLEDGE_SYNC)).isTrue();
    assertThat(PeerPermissions.allows(Role.SENSOR, false, PeerPermission.LEDGER)).isTrue();
  }
}

package ai.kiana.net.messages;

import ai.kiana.core.identity.DeviceId;
import java.time.Instant;

/**
 * A message as the user sees it.
 *
 * @param direction {@code in} (received) or {@code out} (sent)
 * @param peer the other device: the sender of an incoming, the recipient of an outgoing message
 * @param state {@code received}; or for sent messages {@code pending} (not handed to anyone yet),
 *     {@code sent} (handed to the recipient or a relay), {@code delivered} (the recipient's signed
 *     receipt arrived), {@code expired} (its lifetime ended undelivered: nobody passes it on)
 * @param delivered when the receipt arrived, or null
 */
public record MessageView(
    String id,
    String direction,
    DeviceId peer,
    String text,
    Instant created,
    Instant expires,
    String state,
    Instant delivered) {}

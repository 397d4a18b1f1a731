package ai.kiana.core.block;

import ai.kiana.core.identity.DeviceId;

/** The outcome of checking a block's id and signature. */
public sealed interface Verification {

  /** The block is exactly what {@code signer} signed. */
  record Valid(DeviceId signer) implements Verification {}

  /** The block is not authentic; {@code reason} says which check failed. */
  record Invalid(String reason) implements Verification {}

  default boolean isValid() {
    return this instanceof Valid;
  }

  /** "verified" or "invalid", as shown by the API and CLI. */
  default String status() {
    return isValid() ? "verified" : "invalid";
  }
}

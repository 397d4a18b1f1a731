package ai.kiana.cli;

import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns option values into domain types, with messages that say what is expected. Any failure
 * becomes a {@link TypeConversionException}, which picocli reports as a usage error (exit 2).
 */
final class Converters {

  private Converters() {}

  static void registerAll(CommandLine cl) {
    cl.registerConverter(
        BlockType.class, guarded(s -> BlockType.fromWire(s.strip().toLowerCase(Locale.ROOT))));
    cl.registerConverter(
        Scope.class, guarded(s -> Scope.fromWire(s.strip().toLowerCase(Locale.ROOT))));
    cl.registerConverter(DeviceId.class, guarded(DeviceId::parse));
    cl.registerConverter(Instant.class, Converters::instant);
  }

  /**
   * Accepts an instant ({@code 2026-01-31T12:00:00Z}), a date-time with offset, a date-time without
   * one (taken as UTC) or a date (its start, UTC).
   */
  static Instant instant(String text) {
    String s = text.strip();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (s.endsWith("Z") || s.endsWith("z")) {
        return Instant.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(s).toInstant();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a date or time; use e.g. 2026-01-31 or 2026-01-31T12:00:00Z");
    }
  }

  private static <T> ITypeConverter<T> guarded(ITypeConverter<T> converter) {
    return value -> {
      try {
        return converter.convert(value);
      } catch (TypeConversionException e) {
        throw e;
      } catch (Exception e) {
        throw new TypeConversionException(ErrorHandler.oneLine(e.getMessage()));
      }
    };
  }
}

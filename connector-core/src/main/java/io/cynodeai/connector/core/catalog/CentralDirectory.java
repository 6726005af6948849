package io.cynodeai.connector.core.catalog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the entry names of a ZIP's central directory from its bytes. A class loader finds entries through the
 * central directory while a streaming reader walks the local headers; a bundle whose two views differ can hide
 * entries from one of them, so the scan compares both. Stateless.
 */
final class CentralDirectory {
  private static final int EOCD = 0x06054b50;
  private static final int CEN = 0x02014b50;
  private static final int EOCD_SIZE = 22;

  private CentralDirectory() {}

  /** The central directory's entry names in order, or null if there is none or it is malformed or ZIP64. */
  static @Nullable List<String> names(byte[] zip) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = -1;
    for (int i = zip.length - EOCD_SIZE; i >= Math.max(0, zip.length - EOCD_SIZE - 0xFFFF); i--) {
      if (b.getInt(i) == EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      return null;
    }
    int count = Short.toUnsignedInt(b.getShort(eocd + 10));
    long size = Integer.toUnsignedLong(b.getInt(eocd + 12));
    long offset = Integer.toUnsignedLong(b.getInt(eocd + 16));
    if (count == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL || offset + size > eocd) {
      return null;
    }
    List<String> names = new ArrayList<>(count);
    int p = (int) offset;
    for (int i = 0; i < count; i++) {
      if (p + 46 > eocd || b.getInt(p) != CEN) {
        return null;
      }
      int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
      int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
      int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
      if (p + 46 + nameLen > eocd) {
        return null;
      }
      names.add(new String(zip, p + 46, nameLen, StandardCharsets.UTF_8));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return names;
  }
}

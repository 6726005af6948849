package io.cynodeai.connector.core.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;

/**
 * Writes real JAR files for the supply-chain tests with {@link JarOutputStream}: any entries, an optional
 * manifest, and (for what {@code JarOutputStream} refuses to write) a raw stored ZIP with a duplicate entry.
 */
final class TestJars {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final Manifest manifest = new Manifest();
  private boolean withManifest = true;

  TestJars() {
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
  }

  TestJars entry(String name, byte[] content) {
    entries.put(name, content);
    return this;
  }

  TestJars entry(String name, String content) {
    return entry(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A placeholder class file (the scan reads names and bytes, it never loads classes). */
  TestJars classFile(String name) {
    return entry(name, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61});
  }

  TestJars pom(String group, String artifact, String version) {
    return entry("META-INF/maven/" + group + "/" + artifact + "/pom.properties",
        "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n");
  }

  TestJars attribute(String name, String value) {
    manifest.getMainAttributes().putValue(name, value);
    return this;
  }

  /** Leaves out the standard manifest entry. */
  TestJars withoutManifest() {
    withManifest = false;
    return this;
  }

  Path write(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = withManifest ? new JarOutputStream(out, manifest) : new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(e.getKey()));
        jar.write(e.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }

  /** A stored ZIP (local headers only, as a streaming reader sees it) with {@code name} twice. */
  static Path withDuplicate(Path file, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 2; i++) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(content);
      ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0x21).putInt((int) crc.getValue()).putInt(content.length).putInt(content.length)
          .putShort((short) n.length).putShort((short) 0);
      out.write(h.array());
      out.write(n);
      out.write(content);
    }
    out.write(ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50).array());
    return Files.write(file, out.toByteArray());
  }
}

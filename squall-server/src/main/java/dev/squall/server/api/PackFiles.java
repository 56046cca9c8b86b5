package dev.squall.server.api;

import dev.squall.core.action.ActionDef;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.LoadedPack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pack's files as StackStorm's pack views serve them (st2web's code tab): text files only,
 * never outside the pack's folder, never its virtualenv, VCS data or hidden files.
 */
final class PackFiles {

  /** Larger files are not shown: the views are for reading metadata and scripts. */
  static final long MAX_FILE_BYTES = 512 * 1024;
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "virtualenv", "__pycache__", "node_modules");

  private PackFiles() {
  }

  /** Every text file of the pack, {@code [{file_path, content}]}, paths relative to its folder. */
  static List<Map<String, Object>> list(LoadedPack pack) {
    Path dir = pack.pack().dir();
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).sorted().forEach(f -> {
        Path rel = dir.relativize(f);
        for (Path part : rel) {
          if (part.toString().startsWith(".") || SKIPPED_DIRS.contains(part.toString())) {
            return;
          }
        }
        text(f).ifPresent(content -> out.add(Map.of("file_path", rel.toString(), "content", content)));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** One file of the pack by its relative path. */
  static String read(LoadedPack pack, String relative) {
    Path dir = pack.pack().dir().toAbsolutePath().normalize();
    Path f = dir.resolve(relative).normalize();
    if (!f.startsWith(dir)) {
      throw new BadRequestException("Invalid file path \"" + relative + "\": it leaves the pack's folder");
    }
    if (!Files.isRegularFile(f)) {
      throw new NotFoundException("File \"" + relative + "\" not found in pack \"" + pack.pack().ref() + "\"");
    }
    return text(f).orElseThrow(() -> new BadRequestException("File \"" + relative
        + "\" is binary or larger than " + MAX_FILE_BYTES + " bytes"));
  }

  /** The script of a script action (its {@code entry_point} under the pack's {@code actions}). */
  static String entryPoint(ActionDef a) {
    if (a.entryPoint() == null || a.entryPoint().isBlank() || a.packDir() == null) {
      throw new NotFoundException("Action \"" + a.ref() + "\" has no entry_point");
    }
    Path actions = a.packDir().resolve("actions").toAbsolutePath().normalize();
    Path f = actions.resolve(a.entryPoint()).normalize();
    if (!f.startsWith(a.packDir().toAbsolutePath().normalize()) || !Files.isRegularFile(f)) {
      throw new NotFoundException("Entry point \"" + a.entryPoint() + "\" of action \"" + a.ref() + "\" not found");
    }
    return text(f).orElseThrow(() -> new BadRequestException("Entry point of \"" + a.ref()
        + "\" is binary or larger than " + MAX_FILE_BYTES + " bytes"));
  }

  private static Optional<String> text(Path f) {
    try {
      if (Files.size(f) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(f))).toString());
    } catch (CharacterCodingException binary) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

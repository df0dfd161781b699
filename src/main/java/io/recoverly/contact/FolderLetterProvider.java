package io.recoverly.contact;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Letters dropped in a folder a print-and-mail house collects from ({@code recoverly.providers.letter.kind=folder},
 * {@code recoverly.providers.letter.folder}: a mounted share, an SFTP drop): for each letter {@code <key>.pdf}, then
 * {@code <key>.json} (the recipient's name and address, the case, the document's id). Each is written under a temporary
 * name and moved into place, the manifest last: a house that picks up a letter when its manifest appears never reads
 * half a file. A letter handed over again after a crash finds its manifest there and is not dropped twice.
 */
@Component
@ConditionalOnProperty(name = "recoverly.providers.letter.kind", havingValue = "folder")
class FolderLetterProvider implements ChannelProvider {

  private final Path folder;
  private final ObjectMapper json;

  FolderLetterProvider(@Value("${recoverly.providers.letter.folder}") Path folder, ObjectMapper json) {
    this.folder = folder;
    this.json = json;
  }

  @Override
  public Channel channel() {
    return Channel.LETTER;
  }

  @Override
  public void deliver(String idempotencyKey, OutboundMessage message) {
    Map<String, Object> meta = message.letterManifest(idempotencyKey);
    try {
      Files.createDirectories(folder);
      Path manifest = folder.resolve(idempotencyKey + ".json");
      if (Files.exists(manifest)) {
        return; // dropped already
      }
      place(folder.resolve(idempotencyKey + ".pdf"), message.document().pdf());
      place(manifest, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
    } catch (IOException e) {
      // the relay retries with backoff; the message names the folder, never the letter's contents
      throw new UncheckedIOException("letter drop in " + folder + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private static void place(Path target, byte[] content) throws IOException {
    Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
    Files.write(temporary, content);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

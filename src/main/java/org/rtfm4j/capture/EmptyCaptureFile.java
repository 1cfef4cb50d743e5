package org.rtfm4j.capture;

import java.nio.file.Path;
import java.util.List;

/** A zero-byte capture file: no header yet, so no format, no interfaces and no packets. */
final class EmptyCaptureFile extends FileReaderBase {
  private EmptyCaptureFile(Path path, MappedFile file) {
    super(path, file, 0);
  }

  static EmptyCaptureFile of(Path path, MappedFile file) {
    return new EmptyCaptureFile(path, file);
  }

  @Override
  public String format() {
    return "empty";
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return List.of();
  }

  @Override
  public long packetsRead(int interfaceNumber) {
    return 0;
  }

  @Override
  void read(PacketSink sink) {
    // Nothing to deliver.
  }
}

package org.rtfm4j.corpus;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The corpus INDEX.tsv (one row per capture, written from capinfos by whoever assembled the
 * corpus), and where the corpus is: {@code -Drtfm4j.corpus} or the small copy in test resources.
 */
final class CorpusIndex {

  /** System property surefire sets to ../shared/corpus. */
  static final String CORPUS_PROPERTY = "rtfm4j.corpus";

  /** Test-resource directory holding a few corpus files in the same layout. */
  static final String FALLBACK_RESOURCE = "/corpus-fallback";

  private static final String INDEX_FILE = "INDEX.tsv";
  private static final String[] COLUMNS = {
    "file", "source_repo", "source_commit", "source_path", "linktype", "packets",
    "data_bytes_wirelen", "file_bytes", "format", "snaplen", "truncated_pkts", "features", "notes"
  };

  /** INDEX.tsv writes "?" where capinfos could not tell (damaged files). */
  static final int UNKNOWN = -1;

  private CorpusIndex() {}

  /** One capture of the index. */
  record Entry(
      Path root,
      String file,
      String linkType,
      long packets,
      long wireBytes,
      String format,
      int truncatedPackets,
      Set<String> features,
      String notes) {

    Path path() {
      return root.resolve(file);
    }

    /** True when the index says the file cannot be read to its end. */
    boolean damaged() {
      return !notes.isEmpty();
    }

    @Override
    public String toString() {
      return file;
    }
  }

  /** The shared corpus directory, or null when the property is unset or the directory absent. */
  static Path sharedCorpus() {
    String dir = System.getProperty(CORPUS_PROPERTY);
    if (dir == null || dir.isBlank()) {
      return null;
    }
    Path p = Path.of(dir);
    return Files.isRegularFile(p.resolve(INDEX_FILE)) ? p.toAbsolutePath().normalize() : null;
  }

  /** The fallback copy under test resources. */
  static Path fallbackCorpus() {
    URL url = CorpusIndex.class.getResource(FALLBACK_RESOURCE + "/" + INDEX_FILE);
    if (url == null) {
      throw new IllegalStateException("test resource " + FALLBACK_RESOURCE + " missing");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shared corpus when present, else the fallback copy. */
  static Path corpusOrFallback() {
    Path shared = sharedCorpus();
    return shared != null ? shared : fallbackCorpus();
  }

  /** Reads {@code root}/INDEX.tsv. */
  static List<Entry> read(Path root) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve(INDEX_FILE), StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(String.join("\t", COLUMNS))) {
      throw new IOException("unexpected header in " + root.resolve(INDEX_FILE));
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != COLUMNS.length) {
        throw new IOException("bad INDEX row: " + line);
      }
      Set<String> features = new LinkedHashSet<>();
      for (String feature : f[11].split(",")) {
        if (!feature.isEmpty()) {
          features.add(feature);
        }
      }
      entries.add(
          new Entry(
              root,
              f[0],
              f[4],
              count(f[5]),
              count(f[6]),
              f[8],
              (int) count(f[10]),
              features,
              f[12]));
    }
    return entries;
  }

  /** A count column, {@link #UNKNOWN} for "?". */
  private static long count(String v) {
    return v.equals("?") ? UNKNOWN : Long.parseLong(v);
  }
}

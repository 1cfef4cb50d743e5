package org.rtfm4j.packet;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the small captures committed under src/test/resources/captures. */
final class Resources {
  private Resources() {}

  static Path capture(String name) {
    URL url = Resources.class.getResource("/captures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test capture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path directory() {
    return capture("README.md").getParent();
  }
}

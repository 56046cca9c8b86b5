package dev.squall.engine.packs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A pack index in StackStorm's {@code index.json} format ({@code {"metadata": …, "packs":
 * {name: {name, description, version, repo_url, keywords, author, …}}}}), read from
 * {@code packs.index_url}: an http(s) or file URL, or a file path. Read on every use, so an
 * edited index counts at once; an unreadable one is a 503 naming it.
 */
public final class PackIndex {

  /** StackStorm Exchange's index, StackStorm's default. */
  public static final String EXCHANGE = "https://index.stackstorm.org/v1/index.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;

  public PackIndex(String url) {
    this.url = url == null || url.isBlank() ? EXCHANGE : url.strip();
  }

  public String url() {
    return url;
  }

  /** Every pack of the index, by name. */
  public Map<String, Map<String, Object>> packs() {
    Map<String, Object> index;
    try {
      index = JSON.readValue(read(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UnavailableException("The pack index " + url + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (index.get("packs") instanceof Map<?, ?> packs) {
      packs.forEach((name, entry) -> {
        if (entry instanceof Map<?, ?> m) {
          Map<String, Object> e = new LinkedHashMap<>();
          m.forEach((k, v) -> e.put(String.valueOf(k), v));
          e.putIfAbsent("name", String.valueOf(name));
          out.put(String.valueOf(name), e);
        }
      });
    }
    return out;
  }

  /** The index's entry of one pack (by name or ref). */
  public Optional<Map<String, Object>> find(String name) {
    Map<String, Map<String, Object>> all = packs();
    if (all.containsKey(name)) {
      return Optional.of(all.get(name));
    }
    return all.values().stream().filter(e -> name.equals(e.get("ref"))).findFirst();
  }

  /**
   * The packs whose name, ref, description, keywords or author contain {@code query}, ignoring
   * case, as StackStorm's {@code pack search} matches.
   */
  public List<Map<String, Object>> search(String query) {
    String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> e : packs().values()) {
      for (String field : List.of("name", "ref", "description", "keywords", "author")) {
        if (String.valueOf(e.getOrDefault(field, "")).toLowerCase(Locale.ROOT).contains(q)) {
          out.add(e);
          break;
        }
      }
    }
    return out;
  }

  private byte[] read() throws IOException {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build()) {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IOException("HTTP " + r.statusCode());
        }
        return r.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    Path file = url.startsWith("file:") ? Path.of(URI.create(url)) : Path.of(url);
    return Files.readAllBytes(file);
  }
}

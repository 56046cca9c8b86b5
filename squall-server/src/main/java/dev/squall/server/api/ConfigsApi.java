package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.squall.core.action.ParameterSpec;
import dev.squall.core.error.ForbiddenException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.core.pack.PackConfig;
import dev.squall.engine.params.PackConfigs;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/configs/{pack}}: a pack's configuration ({@code $SQUALL_HOME/configs/<pack>.yaml})
 * as StackStorm serves it. Secret options are masked unless an admin asks for
 * {@code show_secrets=true}; a new config is checked against the pack's schema before it replaces
 * the file, so a bad value never reaches an action.
 */
public final class ConfigsApi implements Resource {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Catalog catalog;
  private final PackConfigs configs;
  private final ObjectMapper json;

  public ConfigsApi(Catalog catalog, PackConfigs configs, ObjectMapper json) {
    this.catalog = catalog;
    this.configs = configs;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/configs", Access.USER, this::list);
    routes.get("/config_schemas", Access.USER, ctx -> ctx.json(Paging.of(ctx).page(catalog.packs().stream()
        .filter(lp -> !lp.configSchema().isEmpty()).map(ConfigsApi::schema).toList(), ctx)));
    routes.get("/config_schemas/{pack}", Access.USER, ctx -> {
      LoadedPack pack = pack(ctx.pathParam("pack"));
      if (pack.configSchema().isEmpty()) {
        throw new NotFoundException("Pack \"" + pack.pack().ref() + "\" has no config schema (config.schema.yaml)");
      }
      ctx.json(schema(pack));
    });
    routes.get("/configs/{pack}", Access.USER, this::get);
    routes.put("/configs/{pack}", Access.ADMIN, this::put);
  }

  private void get(Context ctx) {
    LoadedPack pack = pack(ctx.pathParam("pack"));
    boolean show = showSecrets(ctx);
    Map<String, Object> values = configs.values(pack.pack().ref());
    ctx.json(view(pack.pack().ref(), show ? values : PackConfig.maskSecrets(pack.configSchema(), values)));
  }

  /** The configs of the packs that have one (a file under {@code configs/}), as st2 pack config lists them. */
  private void list(Context ctx) {
    boolean show = showSecrets(ctx);
    ctx.json(Paging.of(ctx).page(catalog.packs().stream()
        .filter(lp -> Files.exists(configs.file(lp.pack().ref())))
        .sorted(java.util.Comparator.comparing(lp -> lp.pack().ref()))
        .map(lp -> {
          Map<String, Object> values = configs.values(lp.pack().ref());
          return view(lp.pack().ref(), show ? values : PackConfig.maskSecrets(lp.configSchema(), values));
        }).toList(), ctx));
  }

  private static boolean showSecrets(Context ctx) {
    boolean show = "true".equalsIgnoreCase(ctx.queryParam("show_secrets"));
    if (show && !Authenticator.principal(ctx).admin()) {
      throw new ForbiddenException("show_secrets=true requires an administrator");
    }
    return show;
  }

  private static Map<String, Object> schema(LoadedPack lp) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    lp.configSchema().forEach((name, spec) -> attributes.put(name, spec.schema()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", lp.pack().ref());
    m.put("pack", lp.pack().ref());
    m.put("attributes", attributes);
    return m;
  }

  private void put(Context ctx) throws IOException {
    LoadedPack pack = pack(ctx.pathParam("pack"));
    Map<String, Object> values = Body.parse(json, ctx.body(), null).asMap();
    Path file = configs.file(pack.pack().ref());
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      YAML.writeValue(tmp.toFile(), values);
      Map<String, ParameterSpec> schema = pack.configSchema();
      if (!schema.isEmpty()) {
        PackConfig.validate(schema, tmp);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ctx.json(view(pack.pack().ref(), PackConfig.maskSecrets(pack.configSchema(), configs.values(pack.pack().ref()))));
  }

  private LoadedPack pack(String ref) {
    return catalog.pack(ref).orElseThrow(() -> new NotFoundException("Pack with ref \"" + ref + "\" not found"));
  }

  private static Map<String, Object> view(String pack, Map<String, Object> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", pack);
    m.put("pack", pack);
    m.put("values", values);
    return m;
  }
}

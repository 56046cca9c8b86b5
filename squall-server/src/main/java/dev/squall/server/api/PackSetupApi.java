package dev.squall.server.api;

import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.engine.runner.PackVirtualenvs;
import dev.squall.server.http.Access;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/packs/{ref}/setup}: (re)creates a pack's Python virtualenv with its
 * requirements, as StackStorm's {@code packs.setup_virtualenv}; answers once pip is done. A
 * requirement pip cannot install is a 503 naming it, with pip's words.
 */
public final class PackSetupApi implements Resource {

  private final Catalog catalog;
  private final PackVirtualenvs virtualenvs;

  public PackSetupApi(Catalog catalog, PackVirtualenvs virtualenvs) {
    this.catalog = catalog;
    this.virtualenvs = virtualenvs;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/packs/{ref}/setup", Access.ADMIN, this::setup);
  }

  private void setup(Context ctx) {
    String ref = ctx.pathParam("ref");
    LoadedPack pack = catalog.pack(ref)
        .orElseThrow(() -> new NotFoundException("Pack \"" + ref + "\" is not loaded"));
    Path dir = pack.pack().dir();
    Path venv = virtualenvs.recreate(pack.pack().ref(), dir);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pack", pack.pack().ref());
    out.put("virtualenv", venv.toString());
    out.put("requirements", PackVirtualenvs.requirements(dir));
    ctx.json(out);
  }
}

package dev.squall.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.error.BadRequestException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.sensor.SensorDef;
import dev.squall.core.trigger.TriggerType;
import dev.squall.engine.rbac.PermissionType;
import dev.squall.engine.rbac.Target;
import dev.squall.engine.sensor.SensorState;
import dev.squall.server.http.Access;
import dev.squall.server.http.Authenticator;
import dev.squall.server.http.Body;
import dev.squall.server.http.Paging;
import dev.squall.server.http.Resource;
import dev.squall.server.http.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /api/v1/sensortypes} in StackStorm's shape (list, get by ref, PUT that changes only
 * {@code enabled}, as StackStorm's controller does), plus what Squall's container knows of each
 * sensor: {@code status} (starting, running, failing, disabled, stopped), how many times in a row
 * it died and why it last did.
 */
public final class SensorsApi implements Resource {

  /** Switches a sensor on or off, for good, and brings the container in line. */
  public interface Switch {
    void set(String sensorRef, boolean enabled);
  }

  private final Supplier<List<SensorDef>> sensors;
  private final Function<String, Optional<SensorState>> states;
  private final Switch switcher;
  private final ObjectMapper json;

  /** @param sensors every loaded sensor with its switch applied */
  public SensorsApi(Supplier<List<SensorDef>> sensors, Function<String, Optional<SensorState>> states,
      Switch switcher, ObjectMapper json) {
    this.sensors = sensors;
    this.states = states;
    this.switcher = switcher;
    this.json = json;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/sensortypes", Access.USER, this::list);
    routes.get("/sensortypes/{ref}", Access.USER, ctx -> ctx.json(view(find(ctx.pathParam("ref")))));
    routes.put("/sensortypes/{ref}", Access.USER, this::update);
  }

  private void list(Context ctx) {
    String pack = ctx.queryParam("pack");
    String name = ctx.queryParam("name");
    String enabled = ctx.queryParam("enabled");
    String trigger = ctx.queryParam("trigger");
    ctx.json(Paging.of(ctx).page(sensors.get().stream()
        .filter(s -> pack == null || s.pack().equals(pack))
        .filter(s -> name == null || s.name().equals(name))
        .filter(s -> enabled == null || String.valueOf(s.enabled()).equalsIgnoreCase(enabled))
        .filter(s -> trigger == null || s.triggerTypes().stream().anyMatch(t -> t.ref().equals(trigger)))
        .filter(s -> Authenticator.may(ctx, PermissionType.SENSOR_TYPE_VIEW, Target.inPack("sensor_type", s.ref())))
        .map(this::view).toList(), ctx));
  }

  private SensorDef find(String ref) {
    return sensors.get().stream().filter(s -> s.ref().equals(ref)).findFirst()
        .orElseThrow(() -> new NotFoundException("SensorType with ref \"" + ref + "\" not found"));
  }

  /** Only {@code enabled} may change: the rest of a sensor lives in its pack's file. */
  private void update(Context ctx) {
    SensorDef sensor = find(ctx.pathParam("ref"));
    Map<String, Object> body = Body.parse(json, ctx.body(), null).asMap();
    if (!(body.get("enabled") instanceof Boolean on)) {
      throw new BadRequestException("Give {\"enabled\": true|false}; the rest of a sensor is"
          + " changed in " + sensor.metadataFile());
    }
    switcher.set(sensor.ref(), on);
    ctx.json(view(find(sensor.ref())));
  }

  private Map<String, Object> view(SensorDef s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.ref());
    m.put("ref", s.ref());
    m.put("uid", s.uid());
    m.put("name", s.name());
    m.put("pack", s.pack());
    m.put("description", s.description());
    m.put("artifact_uri", "file://" + s.entryPointFile());
    m.put("entry_point", s.entryPoint());
    m.put("enabled", s.enabled());
    m.put("trigger_types", s.triggerTypes().stream().map(TriggerType::ref).toList());
    if (s.pollInterval() != null) {
      m.put("poll_interval", s.pollInterval());
    }
    if (s.metadataFile() != null) {
      m.put("metadata_file", s.packDir().relativize(s.metadataFile()).toString());
    }
    states.apply(s.ref()).ifPresent(state -> {
      m.put("status", state.status().label());
      m.put("failures", state.deaths());
      if (state.lastError() != null) {
        m.put("last_error", state.lastError());
      }
      if (state.pid() != null) {
        m.put("pid", state.pid());
      }
    });
    return m;
  }
}

package dev.squall.core.pack;

import dev.squall.core.action.ActionDef;
import dev.squall.core.action.Closest;
import dev.squall.core.action.RunnerType;
import dev.squall.core.action.Runners;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.problem.Problem;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * What is loaded right now: packs, their actions and aliases, and the runner types. Readers see
 * an immutable snapshot, so a pack's content is replaced atomically: nobody ever sees half of an
 * old pack and half of a new one. Writers are serialised by the compare-and-set.
 */
public final class Catalog {

  private record Snapshot(
      Map<String, LoadedPack> packs,
      Map<String, ActionDef> actions,
      Map<String, ActionAlias> aliases) {

    static Snapshot of(Map<String, LoadedPack> packs) {
      Map<String, ActionDef> actions = new LinkedHashMap<>();
      Map<String, ActionAlias> aliases = new LinkedHashMap<>();
      for (LoadedPack p : packs.values()) {
        p.actions().forEach(a -> actions.put(a.ref(), a));
        p.aliases().forEach(a -> aliases.put(a.ref(), a));
      }
      return new Snapshot(Map.copyOf(packs), Map.copyOf(actions), Map.copyOf(aliases));
    }
  }

  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(Snapshot.of(Map.of()));
  private final Map<String, RunnerType> runnerTypes;

  /** A catalog with StackStorm's runner types ({@link Runners#all()}) and no packs. */
  public Catalog() {
    this(Runners.all());
  }

  public Catalog(Collection<RunnerType> runnerTypes) {
    Map<String, RunnerType> m = new LinkedHashMap<>();
    runnerTypes.forEach(r -> m.put(r.name(), r));
    this.runnerTypes = java.util.Collections.unmodifiableMap(m);
  }

  /** Adds or replaces one pack (by ref) with all its actions and aliases, atomically. */
  public void put(LoadedPack pack) {
    update(packs -> {
      packs.put(pack.pack().ref(), pack);
      return packs;
    });
  }

  /** Adds or replaces every pack of a load, atomically as a whole. */
  public void putAll(LoadResult result) {
    update(packs -> {
      result.packs().forEach(p -> packs.put(p.pack().ref(), p));
      return packs;
    });
  }

  /** Removes a pack and everything it defined; true when it was there. */
  public boolean remove(String packRef) {
    boolean[] removed = {false};
    update(packs -> {
      removed[0] = packs.remove(packRef) != null;
      return packs;
    });
    return removed[0];
  }

  private void update(UnaryOperator<Map<String, LoadedPack>> change) {
    current.updateAndGet(s -> Snapshot.of(change.apply(new LinkedHashMap<>(s.packs()))));
  }

  public List<LoadedPack> packs() {
    return sorted(current.get().packs());
  }

  public Optional<LoadedPack> pack(String ref) {
    return Optional.ofNullable(current.get().packs().get(ref));
  }

  public List<ActionDef> actions() {
    return sorted(current.get().actions());
  }

  public Optional<ActionDef> action(String ref) {
    return Optional.ofNullable(current.get().actions().get(ref));
  }

  /**
   * The action {@code ref}, or a 404 that says why it did not load (its file's errors) or else
   * suggests the closest existing ref.
   *
   * @throws NotFoundException {@code Action "x" not found. Did you mean "y"?}
   */
  public ActionDef actionOrClosest(String ref) {
    Snapshot now = current.get();
    Map<String, ActionDef> actions = now.actions();
    ActionDef a = actions.get(ref);
    if (a != null) {
      return a;
    }
    for (LoadedPack p : now.packs().values()) {
      List<Problem> errors = p.refusedActions().get(ref);
      if (errors != null) {
        throw new NotFoundException("Action \"" + ref + "\" did not load, for its errors: "
            + errors.stream().map(e -> (e.line() > 0 ? e.file() + ":" + e.line() : String.valueOf(e.file()))
                + ": " + e.message().replaceFirst("\\.$", "")).collect(java.util.stream.Collectors.joining("; "))
            + ". Fix the file: the pack reloads when it changes.");
      }
    }
    String hint = Closest.of(ref, actions.keySet()).map(c -> " Did you mean \"" + c + "\"?")
        .orElse("");
    throw new NotFoundException("Action \"" + ref + "\" not found." + hint);
  }

  public List<ActionAlias> aliases() {
    return sorted(current.get().aliases());
  }

  public Optional<ActionAlias> alias(String ref) {
    return Optional.ofNullable(current.get().aliases().get(ref));
  }

  /** Every loaded pack's sensors, by pack and then file order. */
  public List<dev.squall.core.sensor.SensorDef> sensors() {
    return packs().stream().flatMap(p -> p.sensors().stream()).toList();
  }

  public Optional<dev.squall.core.sensor.SensorDef> sensor(String ref) {
    return sensors().stream().filter(s -> s.ref().equals(ref)).findFirst();
  }

  /** The trigger types the packs' sensors declare; of two with one ref, the first pack's. */
  public List<dev.squall.core.trigger.TriggerType> triggerTypes() {
    Map<String, dev.squall.core.trigger.TriggerType> byRef = new LinkedHashMap<>();
    packs().forEach(p -> p.triggerTypes().forEach(t -> byRef.putIfAbsent(t.ref(), t)));
    return List.copyOf(byRef.values());
  }

  public Collection<RunnerType> runnerTypes() {
    return runnerTypes.values();
  }

  public Optional<RunnerType> runnerType(String name) {
    return Optional.ofNullable(runnerTypes.get(name));
  }

  private static <T> List<T> sorted(Map<String, T> m) {
    return m.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
        .toList();
  }
}

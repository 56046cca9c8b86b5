package dev.squall.engine.alias;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.squall.core.action.ParameterSchema;
import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasMatcher;
import dev.squall.core.error.ConflictException;
import dev.squall.core.error.NotFoundException;
import dev.squall.core.pack.AliasDocuments;
import dev.squall.core.pack.Catalog;
import dev.squall.core.pack.LoadedPack;
import dev.squall.engine.jdbc.Jdbc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every alias Squall knows — from pack files and from the API — and the one matcher built from
 * them. A change (API call, pack reload) updates the matcher at once; an alias whose format does
 * not compile is reported and left out, never harming the others.
 */
public final class AliasRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(AliasRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Catalog catalog;
  private final Jdbc jdbc;
  private final Clock clock;
  private final AliasMatcher matcher;
  /** API-made aliases (and API overrides of file aliases), by ref. */
  private final Map<String, ActionAlias> stored = new ConcurrentHashMap<>();
  /** Why an alias is not matchable, by ref. */
  private final Map<String, String> rejected = new ConcurrentHashMap<>();
  private final java.util.List<Runnable> changed = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AliasRegistry(Catalog catalog, DataSource db, Clock clock) {
    this.catalog = catalog;
    this.jdbc = new Jdbc(db, "alias store");
    this.clock = clock;
    this.matcher = new AliasMatcher(ref -> parameterNames(catalog, ref), dev.squall.core.alias.AliasFormatParser.DEFAULT_STEP_BUDGET);
  }

  /**
   * Calls {@code listener} after each change made through this registry (create, update,
   * delete), so other nodes sharing the store can be told to {@link #load} again.
   */
  public void onChange(Runnable listener) {
    changed.add(listener);
  }

  /**
   * Reads API aliases from the store (again: those another node added, changed or deleted) and
   * indexes every pack's aliases.
   */
  public synchronized void load() {
    Map<String, ActionAlias> fresh = new java.util.HashMap<>();
    jdbc.query("SELECT body FROM action_aliases", ps -> { }, rs -> {
      while (rs.next()) {
        ActionAlias a = AliasDocuments.parse(rs.getString(1));
        fresh.put(a.ref(), a);
      }
      return null;
    });
    Set<String> packs = new TreeSet<>();
    stored.values().stream().filter(a -> !fresh.containsKey(a.ref())).forEach(a -> packs.add(a.pack()));
    stored.keySet().retainAll(fresh.keySet());
    stored.putAll(fresh);
    catalog.packs().forEach(p -> packs.add(p.pack().ref()));
    stored.values().forEach(a -> packs.add(a.pack()));
    packs.forEach(this::sync);
  }

  public AliasMatcher matcher() {
    return matcher;
  }

  /** Re-indexes one pack's aliases (after its files changed); returns the rejected ones' reasons. */
  public synchronized List<String> sync(String pack) {
    Map<String, ActionAlias> byRef = new LinkedHashMap<>();
    catalog.pack(pack).map(LoadedPack::aliases).orElse(List.of()).forEach(a -> byRef.put(a.ref(), a));
    stored.values().stream().filter(a -> a.pack().equals(pack)).forEach(a -> byRef.put(a.ref(), a));
    rejected.keySet().removeIf(ref -> ref.startsWith(pack + "."));
    List<String> reasons = new ArrayList<>();
    for (AliasMatcher.Rejection r : matcher.replacePack(pack, new ArrayList<>(byRef.values()))) {
      rejected.put(r.alias().ref(), r.reason());
      String where = r.alias().metadataFile() == null ? r.alias().ref() : r.alias().metadataFile().toString();
      reasons.add(where + ": " + r.reason());
      LOG.error("{}: {}", where, r.reason());
    }
    return reasons;
  }

  /** Every alias, matchable or not, by pack then name (StackStorm's default sort). */
  public List<ActionAlias> all() {
    Map<String, ActionAlias> byRef = new java.util.TreeMap<>();
    catalog.aliases().forEach(a -> byRef.put(a.ref(), a));
    byRef.putAll(stored);
    return byRef.values().stream()
        .sorted(java.util.Comparator.comparing(ActionAlias::pack).thenComparing(ActionAlias::name))
        .toList();
  }

  /** By ref ({@code pack.name}); else by bare name, first hit, as StackStorm's lookups do. */
  public Optional<ActionAlias> find(String refOrName) {
    List<ActionAlias> all = all();
    return all.stream().filter(a -> a.ref().equals(refOrName)).findFirst()
        .or(() -> all.stream().filter(a -> a.name().equals(refOrName)).findFirst());
  }

  public ActionAlias get(String refOrName) {
    return find(refOrName).orElseThrow(() ->
        new NotFoundException("Unable to find the ActionAliasDB instance. {'name': '" + refOrName + "'}"));
  }

  /** Why an alias cannot match, or empty when it can (or is disabled). */
  public Optional<String> rejection(String ref) {
    return Optional.ofNullable(rejected.get(ref));
  }

  public synchronized ActionAlias create(ActionAlias alias) {
    if (all().stream().anyMatch(a -> a.ref().equals(alias.ref()))) {
      throw new ConflictException("Action alias with ref \"" + alias.ref() + "\" already exists");
    }
    AliasMatcher.validate(alias);
    save(alias);
    return alias;
  }

  public synchronized ActionAlias update(String ref, ActionAlias alias) {
    get(ref);
    if (!alias.ref().equals(ref)) {
      throw new dev.squall.core.error.BadRequestException(
          "The body's pack and name (" + alias.ref() + ") must match the alias " + ref);
    }
    AliasMatcher.validate(alias);
    save(alias);
    return alias;
  }

  public synchronized void delete(String refOrName) {
    ActionAlias a = get(refOrName);
    if (stored.containsKey(a.ref()) && catalog.alias(a.ref()).isEmpty()) {
      jdbc.update("DELETE FROM action_aliases WHERE ref = ?", ps -> ps.setString(1, a.ref()));
      stored.remove(a.ref());
      sync(a.pack());
      changed.forEach(Runnable::run);
      return;
    }
    throw new ConflictException("Action alias \"" + a.ref() + "\" is defined in the file "
        + (a.metadataFile() == null ? "of its pack" : a.metadataFile())
        + "; remove the file (or set enabled: false) instead");
  }

  private void save(ActionAlias alias) {
    String body;
    try {
      body = JSON.writeValueAsString(AliasView.of(alias));
    } catch (JsonProcessingException e) {
      throw new dev.squall.core.error.BadRequestException("alias cannot be stored: " + e.getOriginalMessage());
    }
    jdbc.update("DELETE FROM action_aliases WHERE ref = ?", ps -> ps.setString(1, alias.ref()));
    jdbc.update("INSERT INTO action_aliases (ref, pack, body, updated_at) VALUES (?, ?, ?, ?)", ps -> {
      ps.setString(1, alias.ref());
      ps.setString(2, alias.pack());
      ps.setString(3, body);
      ps.setObject(4, Jdbc.ts(clock.instant()));
    });
    stored.put(alias.ref(), alias);
    sync(alias.pack());
    changed.forEach(Runnable::run);
  }

  /** The names an alias's action accepts (its own and its runner's), or null when unknown. */
  static Set<String> parameterNames(Catalog catalog, String actionRef) {
    return catalog.action(actionRef).flatMap(action -> catalog.runnerType(action.runnerType())
        .map(runner -> ParameterSchema.of(runner, action).parameters().keySet()))
        .orElse(null);
  }
}

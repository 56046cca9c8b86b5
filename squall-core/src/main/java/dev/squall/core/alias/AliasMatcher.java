package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one alias matcher the bot, the API and the CLI share (DESIGN.md divergence 5), with
 * StackStorm's two passes and ambiguity errors (spec §2.4).
 *
 * <p><b>Index, not a scan.</b> Each representation is filed under its literal prefix, the text
 * every command it matches must start with ({@code "pack install"} for {@code pack install
 * {{packs}}}). A command only runs the regexes of the representations whose prefix it starts
 * with, found with one hash lookup per distinct prefix length, plus the few representations that
 * start with a parameter or regex syntax. Before its regex runs, a candidate must also contain the
 * longest literal text its format requires ({@code "says"} in {@code {{who}} says {{what}}}),
 * and the command's trailing {@code key=value} pairs are split off once, not once per format.
 * Results are the same as trying every format in order (tested against a plain scan).
 *
 * <p><b>Thread safety.</b> Readers use an immutable snapshot without locking; {@link #put},
 * {@link #remove} and {@link #replacePack} build a new snapshot (linear in the number of
 * aliases) and publish it. Load a whole pack with {@link #replacePack}, not alias by alias.
 *
 * <p><b>Isolation.</b> An alias with a format that does not compile is refused with the reason
 * and never enters the index (divergence 4); a format whose regex exhausts its step budget on a
 * command counts as no match for that command (divergence 10).
 */
public final class AliasMatcher {

  private static final Logger log = LoggerFactory.getLogger(AliasMatcher.class);

  /** An alias {@link #replacePack} refused, and why. */
  public record Rejection(ActionAlias alias, String reason) {}

  /** One representation of one enabled alias, compiled. */
  private record Entry(int order, ActionAlias alias, AliasPattern pattern, CompiledFormat format,
      boolean firstPass, boolean secondPass) {}

  private record Snapshot(
      Map<String, ActionAlias> aliases,
      Map<String, List<Entry>> compiled,
      Map<String, Entry[]> byPrefix,
      int[] prefixLengths,
      Entry[] unindexed) {

    static final Snapshot EMPTY = build(new LinkedHashMap<>(), new LinkedHashMap<>());

    static Snapshot build(Map<String, ActionAlias> aliases, Map<String, List<Entry>> compiled) {
      Map<String, List<Entry>> byPrefix = new HashMap<>();
      List<Entry> unindexed = new ArrayList<>();
      TreeSet<Integer> lengths = new TreeSet<>();
      int order = 0;
      Map<String, List<Entry>> renumbered = new LinkedHashMap<>();
      for (Map.Entry<String, List<Entry>> byRef : compiled.entrySet()) {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : byRef.getValue()) {
          Entry n = new Entry(order++, e.alias(), e.pattern(), e.format(), e.firstPass(), e.secondPass());
          entries.add(n);
          String prefix = n.format().literalPrefix();
          if (prefix.isEmpty()) {
            unindexed.add(n);
          } else {
            byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(n);
            lengths.add(prefix.length());
          }
        }
        renumbered.put(byRef.getKey(), List.copyOf(entries));
      }
      Map<String, Entry[]> frozen = new HashMap<>();
      byPrefix.forEach((k, v) -> frozen.put(k, v.toArray(Entry[]::new)));
      return new Snapshot(java.util.Collections.unmodifiableMap(aliases),
          java.util.Collections.unmodifiableMap(renumbered), frozen,
          lengths.stream().mapToInt(Integer::intValue).toArray(), unindexed.toArray(Entry[]::new));
    }

    /** Every entry that could match, in alias order. */
    List<Entry> candidates(String command) {
      String text = command.substring(CompiledFormat.leadingSpace(command));
      List<Entry> out = new ArrayList<>(Arrays.asList(unindexed));
      for (int length : prefixLengths) {
        if (length > text.length()) {
          break;
        }
        Entry[] hit = byPrefix.get(text.substring(0, length));
        if (hit != null) {
          out.addAll(Arrays.asList(hit));
        }
      }
      out.sort(Comparator.comparingInt(Entry::order));
      return out;
    }
  }

  private final Function<String, Set<String>> parameterNames;
  private final long stepBudget;
  private final Object writeLock = new Object();
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /** A matcher that does not know the actions' parameter names. */
  public AliasMatcher() {
    this(actionRef -> null, AliasFormatParser.DEFAULT_STEP_BUDGET);
  }

  /**
   * @param parameterNames an action ref to its parameter names, or to null when the action is
   *     unknown; a trailing {@code key=value} only counts when {@code key} is one of them
   *     (DESIGN.md divergence 1)
   * @param stepBudget regex steps allowed for one command against one format
   */
  public AliasMatcher(Function<String, Set<String>> parameterNames, long stepBudget) {
    this.parameterNames = parameterNames;
    this.stepBudget = stepBudget;
  }

  /**
   * Checks every format of an alias, for a pack loader to report a bad one with its file.
   *
   * @throws BadRequestException {@code Alias "pack.name" has an invalid format "…": <reason>}
   */
  public static void validate(ActionAlias alias) {
    compile(alias, AliasFormatParser.DEFAULT_STEP_BUDGET);
  }

  private static List<Entry> compile(ActionAlias alias, long budget) {
    List<AliasPattern> patterns = AliasPattern.of(alias);
    boolean firstPass = alias.formats().stream().anyMatch(f -> !f.matchMultiple());
    boolean secondPass = alias.formats().stream().anyMatch(AliasFormat::matchMultiple);
    List<Entry> entries = new ArrayList<>();
    for (AliasPattern pattern : patterns) {
      CompiledFormat format;
      try {
        format = CompiledFormat.compile(pattern.representation(), budget);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("Alias \"" + alias.ref() + "\" has an invalid format \""
            + pattern.representation() + "\": " + e.getMessage(), e);
      }
      entries.add(new Entry(0, alias, pattern, format, firstPass, secondPass));
    }
    return entries;
  }

  /**
   * Adds or replaces an alias (by ref). A disabled alias is kept for {@link #aliases()} but never
   * matched.
   *
   * @throws BadRequestException when a format does not compile; the matcher is then unchanged
   */
  public void put(ActionAlias alias) {
    List<Entry> entries = compile(alias, stepBudget);
    synchronized (writeLock) {
      Snapshot s = snapshot;
      Map<String, ActionAlias> aliases = new LinkedHashMap<>(s.aliases());
      Map<String, List<Entry>> compiled = new LinkedHashMap<>(s.compiled());
      aliases.put(alias.ref(), alias);
      compiled.put(alias.ref(), alias.enabled() ? entries : List.of());
      snapshot = Snapshot.build(aliases, compiled);
    }
  }

  /** Removes an alias by ref; false when there was none. */
  public boolean remove(String ref) {
    synchronized (writeLock) {
      Snapshot s = snapshot;
      if (!s.aliases().containsKey(ref)) {
        return false;
      }
      Map<String, ActionAlias> aliases = new LinkedHashMap<>(s.aliases());
      Map<String, List<Entry>> compiled = new LinkedHashMap<>(s.compiled());
      aliases.remove(ref);
      compiled.remove(ref);
      snapshot = Snapshot.build(aliases, compiled);
      return true;
    }
  }

  /**
   * Replaces every alias of a pack with the given ones, in one step. Aliases whose formats do not
   * compile are left out and returned, so the loader can report them; the rest load.
   */
  public List<Rejection> replacePack(String pack, List<ActionAlias> packAliases) {
    List<Rejection> rejected = new ArrayList<>();
    Map<String, ActionAlias> accepted = new LinkedHashMap<>();
    Map<String, List<Entry>> acceptedEntries = new LinkedHashMap<>();
    for (ActionAlias alias : packAliases) {
      if (!pack.equals(alias.pack())) {
        rejected.add(new Rejection(alias, "Alias \"" + alias.ref() + "\" is in pack \""
            + alias.pack() + "\", not \"" + pack + "\""));
        continue;
      }
      try {
        List<Entry> entries = compile(alias, stepBudget);
        accepted.put(alias.ref(), alias);
        acceptedEntries.put(alias.ref(), alias.enabled() ? entries : List.of());
      } catch (BadRequestException e) {
        rejected.add(new Rejection(alias, e.getMessage()));
      }
    }
    synchronized (writeLock) {
      Snapshot s = snapshot;
      Map<String, ActionAlias> aliases = new LinkedHashMap<>();
      Map<String, List<Entry>> compiled = new LinkedHashMap<>();
      s.aliases().forEach((ref, alias) -> {
        if (!alias.pack().equals(pack)) {
          aliases.put(ref, alias);
          compiled.put(ref, s.compiled().get(ref));
        }
      });
      aliases.putAll(accepted);
      compiled.putAll(acceptedEntries);
      snapshot = Snapshot.build(aliases, compiled);
    }
    return List.copyOf(rejected);
  }

  /** Every alias, enabled or not, in the order they were added. */
  public List<ActionAlias> aliases() {
    return List.copyOf(snapshot.aliases().values());
  }

  public Optional<ActionAlias> get(String ref) {
    return Optional.ofNullable(snapshot.aliases().get(ref));
  }

  /**
   * The one alias format the command matches, as {@link MatchOutcome#orThrow()} of
   * {@link #outcome}.
   *
   * @throws BadRequestException {@code Command '…' matched no patterns}, {@code Command '…'
   *     matched more than 1 pattern: <candidates>} or {@code … more than 1 (multi) pattern: …};
   *     when nothing matched because a format's regex ran out of budget, that error instead
   */
  public AliasMatch match(String command) {
    return outcome(command).orThrow();
  }

  /**
   * What the command comes to: first among aliases with a plain format, then, only if none
   * matched, among aliases with a {@code match_multiple} format. Nothing matched because a
   * format's regex ran out of budget is {@link MatchOutcome.Refused}.
   */
  public MatchOutcome outcome(String command) {
    String cmd = command == null ? "" : command;
    List<Entry> candidates = snapshot.candidates(cmd);
    BadRequestException[] tooSlow = new BadRequestException[1];
    // the pairs depend only on the action's parameter names: split once per distinct set
    Map<Set<String>, TrailingPairs.Split> splits = new HashMap<>();
    List<Hit> hits = test(candidates, cmd, true, splits, tooSlow);
    boolean multi = false;
    if (hits.isEmpty()) {
      hits = test(candidates, cmd, false, splits, tooSlow);
      multi = true;
    }
    if (hits.size() > 1) {
      List<String> names = hits.stream().map(hit -> '"' + hit.entry().pattern().representation()
          + "\" (" + hit.entry().alias().ref() + ')').toList();
      return new MatchOutcome.Ambiguous(cmd, names, multi);
    }
    if (hits.isEmpty()) {
      return tooSlow[0] != null ? new MatchOutcome.Refused(tooSlow[0].getMessage()) : new MatchOutcome.NoMatch(cmd);
    }
    Entry winner = hits.get(0).entry();
    Set<String> names = parameterNames.apply(winner.alias().actionRef());
    List<Map<String, String>> sets = winner.pattern().matchMultiple()
        ? winner.format().parseAll(cmd, names)
        : List.of(hits.get(0).parameters());
    return new MatchOutcome.Matched(new AliasMatch(winner.alias(), winner.pattern().display(),
        winner.pattern().representation(), winner.pattern().matchMultiple(), sets));
  }

  private record Hit(Entry entry, Map<String, String> parameters) {}

  private List<Hit> test(List<Entry> candidates, String cmd, boolean firstPass,
      Map<Set<String>, TrailingPairs.Split> splits, BadRequestException[] tooSlow) {
    List<Hit> hits = new ArrayList<>(2);
    for (Entry entry : candidates) {
      if (firstPass ? !entry.firstPass() : !entry.secondPass()) {
        continue;
      }
      try {
        TrailingPairs.Split split = splits.computeIfAbsent(
            parameterNames.apply(entry.alias().actionRef()),
            names -> TrailingPairs.splitOrReject(cmd, names, stepBudget));
        Map<String, String> params = entry.format().tryParse(cmd, split);
        if (params != null) {
          hits.add(new Hit(entry, params));
        }
      } catch (BadRequestException e) { // the format's regex ran out of budget
        log.warn("alias {}: {}", entry.alias().ref(), e.getMessage());
        if (tooSlow[0] == null) {
          tooSlow[0] = e;
        }
      }
    }
    return hits;
  }

  /** How many representations a command's regexes would run against; for tests of the index. */
  int candidateCount(String command) {
    return snapshot.candidates(command == null ? "" : command).size();
  }

  /**
   * Up to {@code limit} help displays of enabled aliases whose leading words are closest to the
   * command (edit distance), for a "no alias matches; did you mean …" reply. Empty when nothing
   * is close. This scans every alias: it is meant for the no-match path only.
   */
  public List<String> closest(String command, int limit) {
    String cmd = command == null ? "" : command.strip();
    record Scored(int distance, int order, String display) {}
    List<Scored> scored = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (List<Entry> entries : snapshot.compiled().values()) {
      for (Entry e : entries) {
        String display = e.pattern().display();
        if (display == null || !seen.add(display)) {
          continue;
        }
        String literal = leadingLiteral(display);
        if (literal.isEmpty()) {
          continue;
        }
        String head = cmd.length() > literal.length() ? cmd.substring(0, literal.length()) : cmd;
        int distance = EditDistance.between(head, literal);
        if (distance <= Math.max(2, literal.length() / 3)) {
          scored.add(new Scored(distance, e.order(), display));
        }
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::order));
    return scored.stream().limit(Math.max(0, limit)).map(Scored::display).toList();
  }

  /** The display's text before its first placeholder, trimmed. */
  private static String leadingLiteral(String display) {
    int brace = display.indexOf("{{");
    return (brace < 0 ? display : display.substring(0, brace)).strip();
  }
}

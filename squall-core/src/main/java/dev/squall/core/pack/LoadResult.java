package dev.squall.core.pack;

import dev.squall.core.problem.Problem;
import java.util.List;

/**
 * The packs found on a search path, and every problem met on the way (those of each pack, plus
 * path-level ones such as a pack shadowed by another of the same ref).
 */
public record LoadResult(List<LoadedPack> packs, List<Problem> problems) {

  public LoadResult {
    packs = List.copyOf(packs);
    problems = List.copyOf(problems);
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }
}

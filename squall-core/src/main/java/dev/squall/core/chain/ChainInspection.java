package dev.squall.core.chain;

import java.util.List;

/** What inspecting a chain file found: a chain that can run, or the problems that stop it. */
public sealed interface ChainInspection {

  /** The chain passed inspection. */
  record Valid(ActionChain chain) implements ChainInspection {}

  /** The chain cannot run; {@code problems} is never empty, in file order. */
  record Invalid(List<ChainProblem> problems) implements ChainInspection {
    public Invalid {
      problems = List.copyOf(problems);
    }

    /** The problems as one sentence, for an execution's {@code error}. */
    public String summary() {
      return String.join(" ", problems.stream().map(ChainProblem::message).toList());
    }
  }
}

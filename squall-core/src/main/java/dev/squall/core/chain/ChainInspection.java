package dev.squall.core.chain;

import java.util.List;

/** What inspecting a chain file found: a chain that can run, or the problems that stop it. */
public sealed interface ChainInspection {

  /** Every finding, errors and warnings, in file order. */
  List<ChainProblem> problems();

  /** The chain passed inspection; {@code problems} holds only warnings. */
  record Valid(ActionChain chain, List<ChainProblem> problems) implements ChainInspection {
    public Valid {
      problems = List.copyOf(problems);
    }
  }

  /** The chain cannot run; {@code problems} holds at least one error. */
  record Invalid(List<ChainProblem> problems) implements ChainInspection {
    public Invalid {
      problems = List.copyOf(problems);
    }

    /** The errors as one sentence, for an execution's {@code error}. */
    public String summary() {
      return String.join(" ", problems.stream().filter(ChainProblem::error)
          .map(ChainProblem::message).toList());
    }
  }
}

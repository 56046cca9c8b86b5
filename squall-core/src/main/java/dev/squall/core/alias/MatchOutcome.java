package dev.squall.core.alias;

import dev.squall.core.error.BadRequestException;
import java.util.List;

/**
 * What a chat command came to against the aliases, as data: callers branch on the case, never on
 * an error's text. {@link #orThrow()} gives the API's StackStorm errors.
 */
public sealed interface MatchOutcome {

  /** StackStorm's message for the outcome ({@code Command '…' matched no patterns}, …). */
  String message();

  /**
   * The match, or the outcome as the API's 400.
   *
   * @throws BadRequestException with {@link #message()} unless the command matched
   */
  default AliasMatch orThrow() {
    if (this instanceof Matched m) {
      return m.match();
    }
    throw new BadRequestException(message());
  }

  /** Exactly one alias format matched. */
  record Matched(AliasMatch match) implements MatchOutcome {
    @Override
    public String message() {
      return "Command matched " + match.alias().ref();
    }
  }

  /** No format matched (a chat bot may answer with close commands). */
  record NoMatch(String command) implements MatchOutcome {
    @Override
    public String message() {
      return "Command '" + command + "' matched no patterns";
    }
  }

  /**
   * More than one format matched in the same pass.
   *
   * @param candidates {@code "representation" (pack.alias)} of each, in alias order
   * @param multi true when it was the {@code match_multiple} pass
   */
  record Ambiguous(String command, List<String> candidates, boolean multi) implements MatchOutcome {
    public Ambiguous {
      candidates = List.copyOf(candidates);
    }

    @Override
    public String message() {
      return "Command '" + command + "' matched more than 1" + (multi ? " (multi)" : "") + " pattern: "
          + String.join(", ", candidates);
    }
  }

  /**
   * The command is not run although it may match: a format's regex ran out of its step budget on
   * it, or (the bot) the alias needs a mapped chat user.
   */
  record Refused(String message) implements MatchOutcome {}
}

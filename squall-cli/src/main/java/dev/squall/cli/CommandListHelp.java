package dev.squall.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * The "Commands:" list of every help page, with each command's whole first paragraph. Picocli
 * shows only the first line of a description there, which cut most of ours mid-sentence.
 */
final class CommandListHelp {

  private CommandListHelp() {}

  /** Installs the list on {@code root} and, recursively, on every subcommand. */
  static void install(CommandLine root) {
    root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
        CommandListHelp::render);
    for (CommandLine sub : root.getSubcommands().values()) {
      install(sub);
    }
  }

  private static String render(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int names = 0;
    for (Help sub : subcommands.values()) {
      names = Math.max(names, sub.commandNamesText(", ").plainString().length());
    }
    int width = help.commandSpec().usageMessage().width();
    int nameColumn = names + 4;
    int textColumn = Math.max(20, width - nameColumn);
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameColumn, 2, Column.Overflow.SPAN),
        new Column(textColumn, 0, Column.Overflow.TRUNCATE));
    for (Help sub : subcommands.values()) {
      List<String> lines = wrap(firstParagraph(sub.commandSpec().usageMessage()), textColumn - 1);
      for (int i = 0; i < lines.size(); i++) {
        table.addRowValues(i == 0 ? sub.commandNamesText(", ") : help.colorScheme().text(""),
            help.colorScheme().text(lines.get(i)));
      }
    }
    return table.toString();
  }

  /** Breaks {@code text} into lines of at most {@code width} characters, between words. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" +")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** The header when there is one, else the description's lines up to its first blank line. */
  static String firstParagraph(CommandLine.Model.UsageMessageSpec usage) {
    String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
    List<String> paragraph = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        if (!paragraph.isEmpty()) {
          break;
        }
        continue;
      }
      paragraph.add(line.strip());
    }
    return String.join(" ", paragraph);
  }
}

package dev.squall.chat;

import java.util.List;

/**
 * A question the bot puts to a room: an inquiry's schema or an approval, rendered by each
 * platform as it can — buttons for a boolean or an enum, a form for strings and numbers where the
 * platform has forms (a Slack modal, a Teams Adaptive Card, a Discord modal), else text telling
 * how to answer with {@code !respond}. The answer comes back as an {@link IncomingAnswer} carrying
 * {@link #id()}.
 *
 * @param id what the answer refers to (an inquiry's id)
 * @param prompt the question as text, also the fallback for platforms without controls
 * @param fields what is asked, in order
 */
public record Question(String id, String prompt, List<Field> fields) {

  public Question {
    fields = List.copyOf(fields);
  }

  /** The kind of value a field takes, which decides its control. */
  public enum Type {
    /** Two buttons (yes / no, approve / deny). */
    BOOLEAN,
    /** One button per option, or a select when there are many. */
    CHOICE,
    /** Free text: a form field, or a typed reply. */
    STRING,
    /** A number: a form field, or a typed reply. */
    NUMBER
  }

  /**
   * @param name the key the answer gives the value under
   * @param label what the control shows (the schema's description, else the name)
   * @param type the control
   * @param options the values a {@link Type#CHOICE} offers, empty otherwise
   * @param required whether an answer must give it
   */
  public record Field(String name, String label, Type type, List<String> options, boolean required) {
    public Field {
      options = options == null ? List.of() : List.copyOf(options);
    }
  }
}

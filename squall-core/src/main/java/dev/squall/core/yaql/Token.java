package dev.squall.core.yaql;

/** One lexeme: its kind, its text (operator symbol, name), its literal value, its offset. */
record Token(Kind kind, String text, Object value, int position) {

  enum Kind {
    LITERAL, // numbers, quoted strings, true/false/null
    KEYWORD, // a bare identifier: a string constant, a key after '.', a keyword argument name
    FUNC, // an identifier directly followed by '(' (the '(' is consumed)
    DOLLAR, // $, $name, $1
    OPERATOR, // . ?. + - * / mod = != < <= > >= in and or not =~ !~ ->
    MAPPING, // =>
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    LBRACE,
    RBRACE,
    COMMA,
    END
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  String describe() {
    return kind == Kind.END ? "end of expression" : "'" + text + "'";
  }
}

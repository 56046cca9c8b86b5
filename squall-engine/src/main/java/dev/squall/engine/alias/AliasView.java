package dev.squall.engine.alias;

import dev.squall.core.alias.ActionAlias;
import dev.squall.core.alias.AliasFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alias as StackStorm's API shows it (ActionAliasAPI), also the {@code actionalias} of acks. */
public final class AliasView {

  private AliasView() {}

  public static Map<String, Object> of(ActionAlias a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.ref());
    m.put("ref", a.ref());
    m.put("uid", "action_alias:" + a.pack() + ":" + a.name());
    m.put("name", a.name());
    m.put("pack", a.pack());
    m.put("description", a.description());
    m.put("enabled", a.enabled());
    m.put("action_ref", a.actionRef());
    m.put("formats", a.formats().stream().map(AliasView::format).toList());
    if (!a.ack().isEmpty()) {
      m.put("ack", a.ack());
    }
    if (!a.result().isEmpty()) {
      m.put("result", a.result());
    }
    if (!a.extra().isEmpty()) {
      m.put("extra", a.extra());
    }
    if (!a.immutableParameters().isEmpty()) {
      m.put("immutable_parameters", a.immutableParameters());
    }
    m.put("metadata_file", a.metadataFile() == null ? "" : a.metadataFile().getFileName().toString());
    return m;
  }

  private static Object format(AliasFormat f) {
    if (f.plainString()) {
      return f.display();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (f.display() != null) {
      m.put("display", f.display());
    }
    if (!f.representations().isEmpty()) {
      m.put("representation", List.copyOf(f.representations()));
    }
    if (f.matchMultiple()) {
      m.put("match_multiple", true);
    }
    return m;
  }
}

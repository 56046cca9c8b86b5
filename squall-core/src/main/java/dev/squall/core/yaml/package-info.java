/**
 * YAML read into plain Java values with the line of every key and item, so that whoever validates
 * the content can point at {@code file:line}. Entry points: {@link dev.squall.core.yaml.YamlReader}
 * and {@link dev.squall.core.yaml.YamlDocument}.
 */
package dev.squall.core.yaml;

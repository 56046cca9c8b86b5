/**
 * The sensor container: each enabled sensor of the loaded packs runs as its own Python process
 * (Squall's sensor wrapper in the pack's virtualenv), its dispatches checked against the trigger
 * type's payload schema and fed to the rules engine; a process that dies is restarted with
 * exponential back-off, and one that keeps dying is reported as failing.
 */
package dev.squall.engine.sensor;

package dev.squall.engine.execution.model;

import java.util.Objects;

/**
 * The process group (and session) a runner started for an execution, as recorded in the store so
 * that a later start of Squall can still find it after a crash.
 *
 * <p>A pid alone names nothing once its process is gone: pids are reused. The leader's start time
 * (field 22 of {@code /proc/<pid>/stat}, clock ticks since boot) with the boot id is what tells
 * the leader from a later process that got its pid; the host says where the pid means anything.
 *
 * @param host the host name (the kernel's, {@code /proc/sys/kernel/hostname})
 * @param boot the kernel boot id ({@code /proc/sys/kernel/random/boot_id}): a different one
 *     means the machine rebooted since, and every process of that boot is gone
 * @param leader the leader's pid, which is also the group and session id
 * @param startTicks when the leader started, in clock ticks since boot
 */
public record ProcessGroup(String host, String boot, long leader, long startTicks) {

  public ProcessGroup {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(boot, "boot");
    if (leader <= 1) {
      throw new IllegalArgumentException("not a process group leader's pid: " + leader);
    }
  }
}

package dev.squall.engine.timer;

import dev.squall.core.trigger.TimerSchedule;
import dev.squall.core.trigger.TriggerRef;

/**
 * One timer trigger the scheduler runs: the identity rules share and its schedule.
 *
 * @param trigger type ({@code core.st2.CronTimer}, …) and parameters
 */
public record Timer(TriggerRef trigger, TimerSchedule schedule) {}

/**
 * Timer triggers (interval, date, cron) of enabled rules, with the last fire of each stored so
 * that fires missed during downtime follow {@code TimerSchedule.missedFires}.
 */
package dev.squall.engine.timer;

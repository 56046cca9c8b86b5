/**
 * Sensors as a pack declares them in {@code sensors/*.yaml}: the Python class to run, how often a
 * polling sensor polls, and the trigger types it dispatches ({@link dev.squall.core.sensor.SensorDef}).
 */
package dev.squall.core.sensor;

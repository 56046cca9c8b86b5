-- The process group a runner started for an execution (see ProcessGroup): recorded as soon as
-- the process starts, so that after a crash the next start can kill what the dead server left
-- running. NULL: no process was started, or it has been dealt with (killed, or found gone).
ALTER TABLE executions ADD COLUMN process_host VARCHAR(255);
ALTER TABLE executions ADD COLUMN process_boot VARCHAR(64);
ALTER TABLE executions ADD COLUMN process_leader BIGINT;
ALTER TABLE executions ADD COLUMN process_start BIGINT;
